#!/bin/sh
# valgrind-check.sh - runs shell tests with every vigil they start under
# valgrind (make valgrind-check; doc/checks.md says which tests and why).
#
#   valgrind-check.sh VIGIL WORKDIR JOBS TEST...
#
# Writes WORKDIR/vigil, a wrapper the tests get as $VIGIL, runs the TESTs
# JOBS at a time with their TAP output in WORKDIR/NAME.log, and fails when
# a test fails or valgrind reports anything (memory errors, definite leaks):
# its reports go to WORKDIR/vg/PID.log, not to the tests' own output.
# SRCDIR and VIGIL_PLUGINS come from the caller, as for make check.
set -u

if [ "$#" -ge 1 ] && [ "$1" = --one ]; then
	# --one WORKDIR TEST: one test, from the xargs below.
	work=$2
	name=$(basename "$3" .sh)
	start=$(date +%s)
	VIGIL="$work/vigil" VIGIL_PACKS= VIGIL_UNDER_VALGRIND=1 \
		bash "$3" >"$work/$name.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if [ "$rc" -eq 0 ] && ! grep -q '^not ok' "$work/$name.log" &&
	    grep -q '^1\.\.[0-9]' "$work/$name.log"; then
		echo "ok - valgrind $name (${secs}s)"
	else
		echo "not ok - valgrind $name (exit $rc, ${secs}s; see $work/$name.log)"
		grep '^not ok' "$work/$name.log" | head -n 5
		exit 1
	fi
	exit 0
fi

if [ "$#" -lt 4 ]; then
	echo "usage: valgrind-check.sh VIGIL WORKDIR JOBS TEST..." >&2
	exit 2
fi
vigil=$1
work=$2
jobs=$3
shift 3
command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind-check: valgrind is not installed" >&2
	exit 1
}
case $work in /*) ;; *) work=$(pwd)/$work ;; esac
case $vigil in /*) ;; *) vigil=$(pwd)/$vigil ;; esac
rm -rf "$work"
mkdir -p "$work/vg"
cat >"$work/vigil" <<EOF
#!/bin/sh
exec valgrind --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \\
	--track-fds=no -q \\
	--log-file="$work/vg/%p.log" "$vigil" "\$@"
EOF
chmod +x "$work/vigil"

status=0
printf '%s\n' "$@" | xargs -P "$jobs" -I{} sh "$0" --one "$work" {} ||
	status=1
# valgrind writes a log for each process; with -q it is empty unless it
# found something.
for f in "$work"/vg/*.log; do
	[ -s "$f" ] || continue
	status=1
	echo "not ok - valgrind report $f"
	head -n 40 "$f"
done
[ "$status" -eq 0 ] && echo "valgrind-check: clean ($# tests)"
exit "$status"
