#!/usr/bin/env python3
"""Records the conversations between a real client and a real server, for the parsers' tests.

Listens on 127.0.0.1:LISTEN_PORT, relays each connection to 127.0.0.1:SERVER_PORT (or, with
--udp, each datagram and its answers), and writes one file per connection into OUT_DIR in the
format protocol-parsers' Conversation reads: a line per read, 'C <hex>' for the client's bytes,
'S <hex>' for the server's. Point the client at LISTEN_PORT; stop with Ctrl-C or --count.

  scripts/record-conversation.py LISTEN_PORT SERVER_PORT OUT_DIR [--udp] [--count N] [--prefix NAME]
"""
import argparse
import os
import select
import socket
import threading


def write(out_dir, prefix, index, segments):
    path = os.path.join(out_dir, "%s-%d.txt" % (prefix, index))
    with open(path, "w") as f:
        for who, data in segments:
            f.write("%s %s\n" % (who, data.hex()))
    print(path)


def relay_tcp(client, server_port, out_dir, prefix, index):
    server = socket.create_connection(("127.0.0.1", server_port))
    segments = []
    peers = {client: (server, "C"), server: (client, "S")}
    open_ends = {client, server}
    while open_ends:
        readable, _, _ = select.select(list(open_ends), [], [])
        for sock in readable:
            other, who = peers[sock]
            data = sock.recv(65536)
            if not data:
                open_ends.discard(sock)
                try:
                    other.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                continue
            segments.append((who, data))
            other.sendall(data)
    client.close()
    server.close()
    write(out_dir, prefix, index, segments)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("listen_port", type=int)
    parser.add_argument("server_port", type=int)
    parser.add_argument("out_dir")
    parser.add_argument("--udp", action="store_true")
    parser.add_argument("--count", type=int, default=0, help="stop after N connections (TCP) or datagrams (UDP)")
    parser.add_argument("--prefix", default="conversation")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    if args.udp:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", args.listen_port))
        upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        upstream.connect(("127.0.0.1", args.server_port))
        for index in range(args.count or 1 << 30):
            query, client = sock.recvfrom(65536)
            upstream.send(query)
            answer = upstream.recv(65536)
            sock.sendto(answer, client)
            write(args.out_dir, args.prefix, index, [("C", query), ("S", answer)])
        return
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.listen_port))
    listener.listen(16)
    threads = []
    for index in range(args.count or 1 << 30):
        client, _ = listener.accept()
        thread = threading.Thread(target=relay_tcp, args=(client, args.server_port, args.out_dir, args.prefix, index))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
