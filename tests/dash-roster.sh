# dash-roster.sh - a school for the DSL's dashboard and lists
# (t0037-web-dash.sh, t0038-browser-dash.sh), sourced after lib.sh, with
# VIGIL_PACKS holding the example pack.  dash_roster makes it, on
# 2026-03-01 (VIGIL_NOW), in $VIGIL_DB.
#
# Assigned: example/basics to everyone within 30 days, example/short to
# Teaching within 10.  In post, with where each stands (S = soon, the due
# day within 14 days; O = overdue; L = not yet due; D = up to date):
#
#   ref  name           group     start       basics              short
#   A1   Ann Able       Teaching  2025-09-01  D passed today      D passed today
#   A2   Ben Behind     Teaching  2025-09-01  O due 2025-10-01    O due 2025-09-11
#   A3   Cat Soon       Support   2026-02-05  S due 2026-03-07    -
#   A4   Dan Later      Support   2026-02-25  L due 2026-03-27    -
#   A5   Eve Expiring   Teaching  2025-09-01  S pass ends 03-10   O due 2025-09-11
#   A6   Fay Expired    Support   2024-01-01  O expired 2026-01-10 -
#   A7   =Gil Formula   Support   2026-02-20  L due 2026-03-22    -
#   A9   Ida Trying     Support   2026-01-15  O not passed, due 2026-02-14
#   A10  Jo Started     Teaching  2026-02-20  L in progress, due 03-22  S due 2026-03-02
#   F01..F55 Filler NN  (none)    2026-03-01  L due 2026-03-31    -
#
# and A8 Hal Leaver (Teaching), who left on 2026-02-01 and counts nowhere.
# So 64 in post: basics D1 S2 O3 L58, short D1 S1 O2 L0; people up to
# date 1, with something due soon 3, overdue 4, not yet due 58; Teaching
# (4 in post) D1 S2 O2 L1, Support (5) D0 S1 O2 L2.

# dash_take REF NAME MODULE ANSWER...: one take through a pipe.
dash_take() {
	local ref=$1 name=$2 module=$3
	shift 3
	drive_texts "$TMP/take.$ref.$module" "$@" -- take example "$module" \
		--learner "$ref" --name "$name" >/dev/null 2>&1
}

# dash_sql DB SCRIPT: runs several statements in one transaction.
dash_sql() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.executescript("BEGIN;" + sys.argv[2] + ";COMMIT;")
PY
}

dash_roster() {
	local i
	{
		echo "ref,name,email,role"
		echo "A1,Ann Able,ann.able@school.example,Teacher"
		echo "A2,Ben Behind,ben@school.example,Teacher"
		echo "A3,Cat Soon,,Teaching assistant"
		echo "A4,Dan Later,,Caretaker"
		echo "A5,Eve Expiring,eve@school.example,Teacher"
		echo "A6,Fay Expired,,Office"
		echo "A7,=Gil Formula,gil@school.example,Office"
		echo "A8,Hal Leaver,,Teacher"
		echo "A9,Ida Trying,,Cook"
		echo "A10,Jo Started,jo@school.example,Teacher"
		for i in $(seq -w 1 55); do
			echo "F$i,Filler $i,,Volunteer"
		done
	} >"$TMP/roster.csv"
	VIGIL_NOW=2026-03-01 "$VIGIL" learner import "$TMP/roster.csv" \
		>/dev/null 2>&1 || return 1
	dash_sql "$VIGIL_DB" "
		INSERT INTO groups (name, created) VALUES
			('Teaching', '2026-01-01T00:00:00Z'),
			('Support', '2026-01-01T00:00:00Z');
		INSERT INTO learner_groups (learner_id, group_id, since)
			SELECT l.id, g.id, '2026-01-01' FROM learners l, groups g
			WHERE (g.name = 'Teaching' AND l.ref IN ('A1', 'A2', 'A5', 'A8', 'A10'))
			   OR (g.name = 'Support' AND l.ref IN ('A3', 'A4', 'A6', 'A7', 'A9'));
		INSERT INTO assignments (pack, module, group_id, within_days, created)
			VALUES ('example', 'basics', NULL, 30, '2026-01-01T00:00:00Z');
		INSERT INTO assignments (pack, module, group_id, within_days, created)
			SELECT 'example', 'short', id, 10, '2026-01-01T00:00:00Z'
			FROM groups WHERE name = 'Teaching';
		UPDATE learners SET start = '2026-03-01';
		UPDATE learners SET start = '2025-09-01' WHERE ref IN ('A1', 'A2', 'A5', 'A8');
		UPDATE learners SET start = '2026-02-05' WHERE ref = 'A3';
		UPDATE learners SET start = '2026-02-25' WHERE ref = 'A4';
		UPDATE learners SET start = '2024-01-01' WHERE ref = 'A6';
		UPDATE learners SET start = '2026-02-20' WHERE ref IN ('A7', 'A10');
		UPDATE learners SET start = '2026-01-15' WHERE ref = 'A9';
		UPDATE learners SET left_on = '2026-02-01' WHERE ref = 'A8';" ||
		return 1
	export VIGIL_NOW=2026-03-01
	dash_take A1 "Ann Able" basics "${BASICS_RIGHT[@]}" &&
	dash_take A1 "Ann Able" short "${SHORT_RIGHT[@]}" &&
	VIGIL_NOW=2025-03-10 dash_take A5 "Eve Expiring" basics "${BASICS_RIGHT[@]}" &&
	VIGIL_NOW=2025-01-10 dash_take A6 "Fay Expired" basics "${BASICS_RIGHT[@]}" ||
		return 1
	# A take that is not passed exits 1; the check below sees it.
	dash_take A9 "Ida Trying" basics "Ask Jordan why they didn't tell anyone sooner" \
		"Go back and try again" "${BASICS_RIGHT[@]}"
	printf '\n\n' | "$VIGIL" take example basics --learner A10 \
		--name "Jo Started" >/dev/null 2>&1
	[ "$(sql "$VIGIL_DB" "SELECT group_concat(l.ref || ':' || a.module || ':' || a.status, ' ')
		FROM (SELECT * FROM attempts ORDER BY id) a JOIN learners l ON l.id = a.learner_id")" = \
		"A1:basics:passed A1:short:passed A5:basics:passed A6:basics:passed A9:basics:not passed A10:basics:in progress" ]
}
