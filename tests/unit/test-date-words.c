/*
 * test-date-words.c - unit tests for fmt_date_words, fmt_time_words and
 * fmt_date_london:
 * dates in words, times in Europe/London on both sides of each change of
 * the clocks, and input that is not a date or a time left as given.
 * Prints TAP ("ok N - what"); exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "tap.h"

/* Checks that fn writes want for in. */
static void words(void (*fn)(const char *, char *, size_t), const char *in,
		  const char *want)
{
	char out[WORDS_LEN], what[160];

	memset(out, 'x', sizeof(out));
	fn(in, out, sizeof(out));
	snprintf(what, sizeof(what), "'%s' reads '%s'", in ? in : "(null)",
		 want);
	if (strcmp(out, want))
		printf("# got '%s'\n", out);
	check(!strcmp(out, want), what);
}

#define DATE(in, want) words(fmt_date_words, in, want)
#define TIME(in, want) words(fmt_time_words, in, want)

/*
 * Where the system has the time zone database, every half hour from 1996
 * (when the United Kingdom took up the rule it keeps now) to 2037 reads
 * as localtime_r in Europe/London reads it.  The test has one thread, so
 * it may set TZ.
 */
static void against_tzdata(void)
{
	char iso[TIME_LEN], got[WORDS_LEN], want[WORDS_LEN];
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November",
		"December",
	};
	time_t t;
	struct tm tm;
	int ok = 1;

	if (access("/usr/share/zoneinfo/Europe/London", R_OK)) {
		printf("ok %d - # SKIP no time zone database\n", ++tap_checks);
		return;
	}
	setenv("TZ", "Europe/London", 1);
	tzset();
	for (t = 820454400; ok && t < 2145916800; t += 1800) {
		fmt_time(t, iso);
		fmt_time_words(iso, got, sizeof(got));
		ok = localtime_r(&t, &tm) != NULL;
		snprintf(want, sizeof(want), "%d %s %d, %02d:%02d",
			 tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
			 tm.tm_hour, tm.tm_min);
		if (ok && strcmp(got, want)) {
			printf("# %s: got '%s', tzdata says '%s'\n", iso, got,
			       want);
			ok = 0;
		}
	}
	check(ok, "every half hour from 1996 to 2037 agrees with tzdata");
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	char out[WORDS_LEN], longer[300];

	DATE("2026-12-07", "7 December 2026");
	DATE("2026-01-31", "31 January 2026");
	DATE("2024-02-29", "29 February 2024");
	DATE("2026-12-07T00:20:11Z", "7 December 2026");
	/* a time's date is its date in London: in summer, an hour on */
	DATE("2026-06-30T23:30:00Z", "1 July 2026");
	DATE("2026-06-30T22:59:59Z", "30 June 2026");
	DATE("2026-12-31T23:30:00Z", "31 December 2026");
	DATE("2026-12-31T23:59:60Z", "1 January 2027");
	TIME("2026-12-07T14:05:00Z", "7 December 2026, 14:05");
	TIME("2026-06-30T23:30:00Z", "1 July 2026, 00:30");
	TIME("2026-12-07", "7 December 2026");

	/* 2026: the clocks go forward on 29 March, back on 25 October */
	TIME("2026-03-29T00:59:59Z", "29 March 2026, 00:59");
	TIME("2026-03-29T01:00:00Z", "29 March 2026, 02:00");
	TIME("2026-03-22T01:00:00Z", "22 March 2026, 01:00");
	TIME("2026-10-25T00:59:59Z", "25 October 2026, 01:59");
	TIME("2026-10-25T01:00:00Z", "25 October 2026, 01:00");
	TIME("2026-10-18T01:00:00Z", "18 October 2026, 02:00");
	/* 2027: on 28 March, and back on 31 October, the month's last day */
	TIME("2027-03-28T00:59:59Z", "28 March 2027, 00:59");
	TIME("2027-03-28T01:00:00Z", "28 March 2027, 02:00");
	TIME("2027-10-31T00:59:59Z", "31 October 2027, 01:59");
	TIME("2027-10-31T01:00:00Z", "31 October 2027, 01:00");
	DATE("2027-10-30T23:30:00Z", "31 October 2027");
	/* far from 1970 either way, by today's rule */
	TIME("1969-12-31T23:59:59Z", "31 December 1969, 23:59");
	TIME("1900-07-01T12:00:00Z", "1 July 1900, 13:00");
	TIME("2299-12-31T23:59:59Z", "31 December 2299, 23:59");

	/* not a date or a time: as given */
	DATE("", "");
	DATE(NULL, "");
	TIME(NULL, "");
	DATE("yesterday", "yesterday");
	DATE("2026-13-01", "2026-13-01");
	DATE("2026-02-30", "2026-02-30");
	TIME("2026-12-07T25:00:00Z", "2026-12-07T25:00:00Z");
	TIME("2026-12-07 14:05", "2026-12-07 14:05");
	DATE("<b>&", "<b>&");
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	fmt_time_words(longer, out, sizeof(out));
	check(strlen(out) == sizeof(out) - 1 && out[0] == 'a',
	      "what is too long is cut short at the buffer's end");
	fmt_date_words("2026-12-07", out, 5);
	check(!strcmp(out, "7 De"), "a short buffer is cut short");
	out[0] = 'z';
	fmt_date_words("2026-12-07", out, 0);
	check(out[0] == 'z', "a buffer of no bytes is left alone");

	check(fmt_date_london("2026-06-30T23:30:00Z", out) == 0 &&
	      !strcmp(out, "2026-07-01"), "a summer night's time is the next "
	      "day's date in London");
	check(fmt_date_london("2026-12-31T23:30:00Z", out) == 0 &&
	      !strcmp(out, "2026-12-31"), "a winter night's is its own");
	check(fmt_date_london("2026-12-07", out) == 0 &&
	      !strcmp(out, "2026-12-07"), "a date is itself");
	check(fmt_date_london("2026-12-07T99:00:00Z", out) < 0 && !*out,
	      "what is not a time has no date");
	check(fmt_date_london(NULL, out) < 0 && !*out, "nor has nothing");

	against_tzdata();
	return tap_done();
}
