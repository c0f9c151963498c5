#!/usr/bin/env bash
# The demo: installs what is needed, builds sockscope, starts nginx (HTTP and HTTPS), redis-server
# and dnsmasq on loopback, traces them while curl, redis-cli and dig send a few requests, and
# prints the exchanges sockscope saw. Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
echo "sockscope: building (the first build downloads Maven dependencies)" >&2
mvn -q -B -DskipTests install

port=${SOCKSCOPE_DEMO_PORT:-18089}
tls_port=$((port + 1))
redis_port=$((port + 2))
dns_port=$((port + 3))
work=$(mktemp -d)
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${redis:-}" ] && kill "$redis" 2>/dev/null || true
  [ -n "${dns:-}" ] && kill "$dns" 2>/dev/null || true
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
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" &
redis=$!
printf '10.0.0.7 shop.demo.test\n10.0.0.8 shop.demo.test\n' > "$work/hosts"
dnsmasq --keep-in-foreground --port="$dns_port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv \
  --no-hosts --addn-hosts="$work/hosts" --local=/demo.test/ --user=root --pid-file="$work/dnsmasq.pid" 2> "$work/dnsmasq.log" &
dns=$!
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

java -jar examples/target/sockscope.jar trace --port "$port" --port "$tls_port" --port "$redis_port" \
  --port "$dns_port" --duration 8 2> "$work/trace.err" &
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
# redis-cli: a SET, a GET and a miss; dig: a name from dnsmasq's hosts file, and one it lacks
redis-cli -p "$redis_port" set greeting "hello from redis" >/dev/null
redis-cli -p "$redis_port" get greeting >/dev/null
redis-cli -p "$redis_port" get nothing-here >/dev/null
dig +short +tries=1 @127.0.0.1 -p "$dns_port" shop.demo.test >/dev/null || true
dig +short +tries=1 @127.0.0.1 -p "$dns_port" missing.demo.test >/dev/null || true

status=0
wait "$tracer" || status=$?
tracer=
tail -n 1 "$work/trace.err" >&2
if [ "$status" -ne 0 ]; then
  echo "sockscope: the tracer failed (exit status $status); what it said is above" >&2
  exit "$status"
fi
