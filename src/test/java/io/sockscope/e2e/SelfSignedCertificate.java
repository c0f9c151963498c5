package io.sockscope.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A key and a self-signed certificate for localhost, made with the openssl command once per folder. */
record SelfSignedCertificate(Path certificate, Path key) {
  static SelfSignedCertificate create(Path dir) throws IOException, InterruptedException {
    Path certificate = dir.resolve("localhost.crt");
    Path key = dir.resolve("localhost.key");
    if (!Files.exists(certificate)) {
      Commands.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
          "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", certificate.toString()));
    }
    return new SelfSignedCertificate(certificate, key);
  }
}
