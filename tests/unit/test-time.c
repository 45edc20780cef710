/*
 * test-time.c - unit tests for parse_time: every day over four centuries
 * reads back as what fmt_date and fmt_time wrote, and what is not a real
 * date or time in those two forms is refused.
 * Prints TAP ("ok N - what"); exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "tap.h"

int main(void)
{
	static const char *const bad[] = {
		"", "2024", "2024-1-05", "2024-01-5", "2024/01/05",
		"2024-00-10", "2024-13-01", "2024-01-00", "2024-01-32",
		"2023-02-29", "1900-02-29", "2024-04-31", "2024-01-05 ",
		"2024-01-05T10:00:00", "2024-01-05T24:00:00Z",
		"2024-01-05T10:60:00Z", "2024-01-05T10:00:61Z",
		"2024-01-05t10:00:00Z", "2024-01-05T10:00:00Zx",
		"+024-01-05", "２０２４-01-05", "2024-01-05T1:00:00Z",
	};
	char out[TIME_LEN], date[DATE_LEN];
	time_t t, got, from = -2208988800;	/* 1900-01-01 */
	int ok = 1;
	size_t i;

	/* Every day from 1900 to 2299, at a time of day that moves. */
	for (t = from; ok && t < 10413792000; t += 86400 + 3607) {
		fmt_time(t, out);
		ok = parse_time(out, &got) == 0 && got == t;
		if (ok) {
			fmt_date(t, date);
			ok = parse_time(date, &got) == 0 &&
			     got == t - ((t % 86400) + 86400) % 86400;
		}
		if (!ok)
			printf("# %s read as %lld, not %lld\n", out,
			       (long long)got, (long long)t);
	}
	check(ok, "every time written over four centuries reads back");
	check(parse_time("2024-02-29", &t) == 0 && t == 1709164800,
	      "29 February in a leap year");
	check(parse_time("2000-02-29T23:59:59Z", &t) == 0 && t == 951868799,
	      "and in a year divisible by 400");
	check(parse_time("2016-12-31T23:59:60Z", &t) == 0 && t == 1483228800,
	      "a leap second is the next minute's first");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char what[96];

		snprintf(what, sizeof(what), "'%s' is refused", bad[i]);
		check(parse_time(bad[i], &t) < 0, what);
	}
	return tap_done();
}
