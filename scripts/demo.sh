#!/usr/bin/env bash
# The demo: installs what is needed, builds sockscope, starts nginx on loopback (HTTP and HTTPS),
# traces it while curl sends a few requests, and prints the exchanges sockscope saw. Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
echo "sockscope: building (the first build downloads Maven dependencies)" >&2
mvn -q -B -DskipTests install

port=${SOCKSCOPE_DEMO_PORT:-18089}
tls_port=$((port + 1))
work=$(mktemp -d)
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${tracer:-}" ] && kill "$tracer" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/html"
echo "hello from nginx, traced by sockscope" > "$work/html/index.html"
head -c 100000 /dev/zero | tr '\0' 'x' > "$work/html/big.txt"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/localhost.key" -out "$work/localhost.crt" 2>/dev/null
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
  access_log off;
  sendfile off;
  client_body_temp_path $work;
  server {
    listen 127.0.0.1:$port;
    root $work/html;
  }
  server {
    listen 127.0.0.1:$tls_port ssl;
    ssl_certificate $work/localhost.crt;
    ssl_certificate_key $work/localhost.key;
    root $work/html;
  }
}
CONF
nginx -c "$work/nginx.conf"

java -jar examples/target/sockscope.jar trace --port "$port" --port "$tls_port" --duration 8 2> "$work/trace.err" &
tracer=$!
for _ in $(seq 1 100); do grep -q "attached" "$work/trace.err" 2>/dev/null && break; sleep 0.1; done
cat "$work/trace.err" >&2

# three requests on one keep-alive connection, then a HEAD and a POST
url=http://127.0.0.1:$port
curl -s -o /dev/null "$url/" -o /dev/null "$url/big.txt" -o /dev/null "$url/missing"
curl -s -o /dev/null -I "$url/"
curl -s -o /dev/null -X POST -d 'name=sockscope' "$url/index.html"
# and one over TLS: sockscope reads the plaintext from OpenSSL's calls in curl and in nginx
curl -sk -o /dev/null "https://127.0.0.1:$tls_port/index.html"

wait "$tracer" || true
tracer=
tail -n 1 "$work/trace.err" >&2
