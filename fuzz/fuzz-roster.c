/*
 * fuzz-roster.c - a staff list (CSV) through roster_read(), as the DSL's
 * upload and `vigil learner import` give it.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct roster ro = ROSTER_INIT;
	struct diags d = DIAGS_INIT;

	(void)roster_read(&ro, "staff.csv", (const char *)data, size, &d);
	roster_free(&ro);
	diag_free(&d);
	return 0;
}
