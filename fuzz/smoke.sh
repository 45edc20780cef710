#!/bin/sh
# smoke.sh NAME SECONDS - runs fuzz/fuzz-NAME for SECONDS on its seeds
# (fuzz/corpus/NAME) and what earlier runs found (fuzz/work/NAME), from
# the build folder; prints one TAP line with what it did and fails on a
# crash, a leak or a hang (the input is kept as fuzz/crash-NAME-*).
set -u

name=$1
secs=$2
log=fuzz/$name.log
mkdir -p "fuzz/work/$name"
./fuzz/fuzz-"$name" -max_total_time="$secs" -timeout=25 \
	-rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="fuzz/crash-$name-" \
	"fuzz/work/$name" "fuzz/corpus/$name" >"$log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
cov=$(sed -n 's/^#[0-9]*.*DONE *cov: \([0-9]*\) ft: \([0-9]*\).*/\1 edges, \2 features/p' "$log")
if [ $rc -eq 0 ]; then
	echo "ok - fuzz-$name: ${execs:-?} runs (${speed:-?}/s), ${cov:-?}"
else
	sed -n '/^==[0-9]*==ERROR\|SUMMARY\|^artifact_prefix\|Test unit written/p' \
		"$log" | head -n 20
	echo "not ok - fuzz-$name: exit $rc after ${execs:-?} runs (see $log)"
fi
exit $rc
