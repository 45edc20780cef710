/*
 * cmd-learner-show.c - `vigil learner show REF`: everything held about one
 * person, as JSON, for a subject access request.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "cmd-learner.h"
#include "cmd.h"
#include "session.h"
#include "store.h"
#include "util.h"

/* Sets key in o to s as a JSON string, or null for NULL: 0, or -1 when s
 * is not UTF-8 or memory ran out. */
static int set_text(json_t *o, const char *key, const char *s)
{
	return json_object_set_new(o, key, s ? json_string(s) : json_null());
}

/* Sets key in o to a whole number. */
static int set_int(json_t *o, const char *key, json_int_t n)
{
	return json_object_set_new(o, key, json_integer(n));
}

/* One attempt as JSON: every field the records hold for it but the
 * learner's, which are given once for all their attempts. */
static json_t *attempt_json(const struct attempt *a)
{
	json_t *o = json_object();
	char seed[24];
	int bad = 0;

	if (!o)
		return NULL;
	/* A seed may pass 2^63, which JSON readers do not all keep exactly:
	 * it is given as text. */
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)a->seed);
	bad |= set_int(o, "id", a->id);
	bad |= set_text(o, "uuid", a->uuid);
	bad |= set_text(o, "statement_id", a->statement_id);
	bad |= set_text(o, "pack", a->pack);
	bad |= set_text(o, "pack_title", a->pack_title);
	bad |= set_text(o, "pack_version", a->pack_version);
	bad |= set_text(o, "pack_hash", a->pack_hash);
	bad |= set_text(o, "module", a->module);
	bad |= set_text(o, "module_title", a->module_title);
	bad |= set_text(o, "seed", seed);
	bad |= set_text(o, "status", attempt_status_name(a->status));
	bad |= set_text(o, "started", a->started);
	bad |= set_text(o, "ended", a->ended);
	bad |= set_int(o, "score", a->score);
	bad |= set_int(o, "max", a->max);
	bad |= set_int(o, "percent", a->percent);
	bad |= set_int(o, "pass_mark", a->pass_mark);
	bad |= set_int(o, "minutes", a->minutes);
	bad |= set_text(o, "expires", a->expires);
	bad |= set_text(o, "certificate", a->certificate);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Collects attempts into a JSON array for store_attempts(). */
static int collect_attempt(void *ctx, const struct attempt *a)
{
	json_t *o = attempt_json(a);

	if (!o || json_array_append_new(ctx, o) < 0)
		return error("cannot write attempt %lld as JSON",
			     (long long)a->id);
	return 0;
}

/* An attempt's answers as a JSON array, in the order given. */
static json_t *answers_json(struct store *st, int64_t attempt_id)
{
	struct answer *as = NULL;
	json_t *arr = json_array(), *o;
	size_t n = 0, i;
	char *msg = NULL;

	if (!arr)
		return NULL;
	if (store_answers(st, attempt_id, &as, &n, &msg) < 0) {
		error("%s", msg);
		free(msg);
		json_decref(arr);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		o = json_object();
		if (!o || set_text(o, "step", as[i].step_id) < 0 ||
		    set_text(o, "input", as[i].input) < 0 ||
		    set_int(o, "points", as[i].points) < 0 ||
		    set_text(o, "at", as[i].at) < 0 ||
		    json_array_append_new(arr, o) < 0) {
			error("cannot write an answer of attempt %lld as JSON",
			      (long long)attempt_id);
			json_decref(arr);
			arr = NULL;
			break;
		}
	}
	answers_free(as, n);
	return arr;
}

/*
 * Everything held about one learner as JSON: the roster entry, then each
 * attempt with its answers (a subject access request).
 */
static json_t *learner_json(struct store *st, const struct learner *l)
{
	struct attempt_filter f = { 0 };
	json_t *root = json_object(), *who = json_object(),
	       *attempts = json_array(), *groups = json_array();
	char *msg = NULL;
	size_t i;

	if (!root || !who || !attempts ||
	    json_object_set(root, "learner", who) < 0 ||
	    json_object_set(root, "attempts", attempts) < 0 ||
	    set_text(who, "ref", l->ref) < 0 ||
	    set_text(who, "name", l->name) < 0 ||
	    set_text(who, "email", l->email) < 0 ||
	    set_text(who, "role", l->role) < 0 ||
	    set_text(who, "added", l->added) < 0 ||
	    set_text(who, "start", l->start) < 0 ||
	    set_text(who, "left", l->left) < 0 ||
	    set_text(who, "access", l->access) < 0 ||
	    !groups || json_object_set(who, "groups", groups) < 0) {
		error("cannot write learner '%s' as JSON", l->ref);
		goto fail;
	}
	for (i = 0; i < l->groups.n; i++)
		if (json_array_append_new(groups,
					  json_string(l->groups.v[i])) < 0) {
			error("cannot write learner '%s' as JSON", l->ref);
			goto fail;
		}
	f.learner = l->ref;
	if (store_attempts(st, &f, collect_attempt, attempts, &msg) < 0) {
		if (msg)
			error("%s", msg);
		goto fail;
	}
	for (i = 0; i < json_array_size(attempts); i++) {
		json_t *a = json_array_get(attempts, i), *answers;

		answers = answers_json(st, json_integer_value(
			json_object_get(a, "id")));
		if (!answers || json_object_set_new(a, "answers", answers) < 0)
			goto fail;
	}
	json_decref(who);
	json_decref(attempts);
	json_decref(groups);
	return root;
fail:
	free(msg);
	json_decref(who);
	json_decref(attempts);
	json_decref(groups);
	json_decref(root);
	return NULL;
}

/* Prints everything held about one learner as JSON. */
static int learner_show_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct learner l = { 0 };
	struct store *st;
	json_t *root = NULL;
	int ret = EXIT_FAILED;

	if (argc != 2)
		return cmd_usage_error(&cmd_learner_show_entry, "learner",
				       "name one learner ref");
	st = learner_open_store(ctx, 0);
	if (!st)
		return EXIT_FAILED;
	if (learner_lookup(st, argv[1], &l) <= 0)
		goto out;
	root = learner_json(st, &l);
	if (!root)
		goto out;
	if (json_dumpf(root, stdout, JSON_INDENT(2)) < 0 ||
	    putchar('\n') == EOF || fflush(stdout) == EOF) {
		error("cannot write to standard output");
		goto out;
	}
	ret = EXIT_OK;
out:
	json_decref(root);
	learner_clear(&l);
	store_close(st);
	return ret;
}

const struct cmd_entry cmd_learner_show_entry = {
	.name = "show",
	.usage = "REF",
	.summary = "print everything held about one person, as JSON",
	.help = "Everything held about one person, with every attempt and "
		"answer: a subject\naccess export.  The person: ref, name, "
		"email, role, added, start, left,\naccess (the admin role) and "
		"groups; never a password.  Exit status 1 when\nthe ref is not "
		"in the roster.\n",
	.exec = learner_show_exec,
};

