# The README demo's guest: lease, internet host, LAN host; then wait while
# the LAN host tries to reach it.
lease -x hostname:demo
reach internet 198.51.100.10
try http sh -c "printf 'GET /?from-the-vm HTTP/1.0\r\n\r\n' | nc -w 5 198.51.100.10 8080 | grep -q '200 OK'"
blocked lan-host 10.0.0.20
say ready
wait_go
