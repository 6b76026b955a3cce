# VM of t_rate.sh: TCP to the internet host each way, its rate limited by
# the ACL (rate=8mbit); each round waits for the test.
up() { dd if=/dev/zero bs=1k count=${1:-4000} 2>/dev/null | nc -w 3 198.51.100.10 7101; }
down() { say "$1" "$(nc -w 3 198.51.100.10 7102 </dev/null | wc -c)"; }
lease
settle 198.51.100.10
say ready
wait_go
up; down down1
say probed1
wait_go
up 12000
say probed2
wait_go
up; down down3
say done
