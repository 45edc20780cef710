/*
 * remind.c - reminders and sign-in links by email (remind.h): the people
 * behind with their training, from the same completion matrix as the
 * DSL's lists, and the email each of them gets.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "learner.h"
#include "mail.h"
#include "matrix.h"
#include "remind.h"
#include "settings.h"
#include "store.h"
#include "util.h"
#include "words.h"

/* ---- who is reminded ---- */

/* The last accepted reminder of each learner, by id (store_reminded). */
struct last_sent {
	int64_t id;
	char at[TIME_LEN];
};
struct last_list {
	struct last_sent *v;
	size_t n, cap;
};

static int last_add(void *ctx, int64_t id, const char *at)
{
	struct last_list *l = ctx;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].id = id;
	snprintf(l->v[l->n].at, sizeof(l->v[l->n].at), "%s", at ? at : "");
	l->n++;
	return 0;
}

static const char *last_of(const struct last_list *l, int64_t id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return l->v[i].at;
	return "";
}

/* Overdue first, then the soonest due. */
static int module_order(const void *a, const void *b)
{
	const struct remind_module *x = a, *y = b;

	if (x->due.state != y->due.state)
		return x->due.state == DUE_OVERDUE ? -1 : 1;
	return strcmp(x->due.date, y->due.date);
}

/* REMIND_NOW first, then REMIND_RECENT, then REMIND_NO_EMAIL; by ref
 * within each (the matrix's order, which qsort may not keep). */
static int person_order(const void *a, const void *b)
{
	const struct remind_person *x = a, *y = b;

	if (x->why != y->why)
		return (int)x->why - (int)y->why;
	return strcmp(x->ref, y->ref);
}

/* The day after which someone reminded at `at` may be reminded again. */
static void next_day(const char *at, int every, char out[DATE_LEN])
{
	char day[DATE_LEN];
	time_t t;

	snprintf(day, sizeof(day), "%.10s", at);
	if (parse_time(day, &t) < 0) {
		out[0] = '\0';
		return;
	}
	fmt_date(t + (time_t)every * 86400, out);
}

/* Adds learner row li of m to p when a module they must do is overdue or
 * due soon. */
static void plan_person(struct remind_plan *p, const struct matrix *m,
			size_t li, const struct last_list *last)
{
	const struct learner *l = &m->learners[li];
	struct remind_person *rp;
	const char *at;
	size_t mi, cols = matrix_columns(m);

	if (l->left)
		return;
	for (mi = 0; mi < cols; mi++) {
		const struct due *d = matrix_due(m, li, mi);

		if (d->state == DUE_OVERDUE || d->state == DUE_SOON)
			break;
	}
	if (mi == cols)
		return;
	p->people = xrealloc(p->people, (p->n + 1) * sizeof(*p->people));
	rp = &p->people[p->n++];
	memset(rp, 0, sizeof(*rp));
	rp->learner_id = l->id;
	rp->ref = xstrdup(l->ref);
	rp->name = xstrdup(l->name);
	for (; mi < cols; mi++) {
		const struct due *d = matrix_due(m, li, mi);
		struct remind_module *rm;

		if (d->state != DUE_OVERDUE && d->state != DUE_SOON)
			continue;
		rp->mods = xrealloc(rp->mods,
				    (rp->nmods + 1) * sizeof(*rp->mods));
		rm = &rp->mods[rp->nmods++];
		rm->due = *d;
		rm->title = xasprintf("%s: %s", m->pack_titles.v[mi],
				      m->module_titles.v[mi]);
	}
	qsort(rp->mods, rp->nmods, sizeof(*rp->mods), module_order);
	at = last_of(last, l->id);
	snprintf(rp->last, sizeof(rp->last), "%s", at);
	if (!l->email || !*l->email) {
		rp->why = REMIND_NO_EMAIL;
		return;
	}
	rp->email = xstrdup(l->email);
	rp->why = REMIND_NOW;
	if (*at) {
		next_day(at, p->every_days, rp->next);
		if (strcmp(p->today, rp->next) < 0)
			rp->why = REMIND_RECENT;
		else
			rp->next[0] = '\0';
	}
}

int remind_plan_build(struct store *st, const struct strv *pack_dirs,
		      const struct strv *plugin_dirs, struct remind_plan *p,
		      char **msg)
{
	struct matrix m = MATRIX_INIT;
	struct last_list last = { NULL, 0, 0 };
	char *every;
	size_t li;
	int ret = -1;

	every = setting_value(st, "remind_every_days", msg);
	if (!every)
		return -1;
	/* settings.c has checked it: 1 to 365. */
	if (parse_days(every, 365, &p->every_days) < 0 || p->every_days < 1)
		p->every_days = 7;
	free(every);
	if (matrix_build(st, pack_dirs, plugin_dirs, NULL, NULL, &m, msg) < 0 ||
	    store_reminded(st, last_add, &last, msg) < 0)
		goto out;
	snprintf(p->today, sizeof(p->today), "%s", m.today);
	for (li = 0; li < m.nlearners; li++)
		plan_person(p, &m, li, &last);
	if (p->n)
		qsort(p->people, p->n, sizeof(*p->people), person_order);
	for (li = 0; li < p->n; li++)
		p->now += p->people[li].why == REMIND_NOW;
	for (li = 0; li < m.broken.n; li++)
		strv_push(&p->broken, m.broken.v[li]);
	ret = 0;
out:
	free(last.v);
	matrix_free(&m);
	return ret;
}

void remind_plan_free(struct remind_plan *p)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		struct remind_person *rp = &p->people[i];

		for (j = 0; j < rp->nmods; j++)
			free(rp->mods[j].title);
		free(rp->mods);
		free(rp->ref);
		free(rp->name);
		free(rp->email);
	}
	free(p->people);
	strv_free(&p->broken);
	memset(p, 0, sizeof(*p));
}

char *remind_base(struct store *st, char **msg)
{
	char *url = setting_value(st, "base_url", msg), *base;

	if (!url)
		return NULL;
	if (!*url) {
		free(url);
		*msg = xstrdup("the address staff use is not set, and every "
			       "email links to it: vigil settings base_url "
			       "https://training.example.org");
		return NULL;
	}
	base = xasprintf("%s%s", url, url[strlen(url) - 1] == '/' ? "" : "/");
	free(url);
	return base;
}

/* ---- the emails ---- */

/*
 * The school's words for an email (words.h), and whether the school named
 * its leads: a reminder asks staff to ask them by name when it has, and
 * "the Designated Safeguarding Lead (DSL)" when not, rather than the
 * default "your DSL or a deputy" that pack text reads.
 */
struct mail_words {
	struct words w;
	int leads_named;
};

static int mail_words_load(struct store *st, struct mail_words *mw,
			   char **msg)
{
	char *leads;

	mw->leads_named = 0;
	if (words_load(&mw->w, st, msg) < 0)
		return -1;
	leads = setting_value(st, "leads", msg);
	if (!leads)
		return -1;
	mw->leads_named = *leads != '\0';
	free(leads);
	return 0;
}

/* A name for an email's greeting: on one line. */
static char *greeting_name(const char *name)
{
	struct buf b = BUF_INIT;
	const char *s;

	for (s = name; *s; s++) {
		char c = *s;

		if ((unsigned char)c < 0x20)
			c = ' ';
		buf_addc(&b, c);
	}
	return buf_detach(&b);
}

/* "Ask NAMES, the school's Designated Safeguarding Lead" and the like. */
static void add_ask(struct buf *b, const struct mail_words *mw)
{
	buf_addf(b, "If you have a question, ask %s%s%s (%s).\n",
		 mw->leads_named ? mw->w.v[WORD_LEADS] : "the ",
		 mw->leads_named ? ", the " : "", mw->w.v[WORD_LEAD],
		 mw->w.v[WORD_LEAD_SHORT]);
}

/* The reminder's text for rp, whose sign-in link is link. */
static char *reminder_body(const struct remind_person *rp,
			   const struct mail_words *w, const char *link,
			   const char *until)
{
	struct buf b = BUF_INIT;
	char *name = greeting_name(rp->name), words[WORDS_LEN];
	size_t i;

	buf_addf(&b, "Dear %s,\n\n", name);
	buf_addf(&b, "This is a reminder from %s: your safeguarding "
		 "training needs you.\n\n", w->w.v[WORD_SCHOOL]);
	for (i = 0; i < rp->nmods; i++) {
		const struct remind_module *rm = &rp->mods[i];

		fmt_date_words(rm->due.date, words, sizeof(words));
		buf_addf(&b, "- %s: %s %s\n", rm->title,
			 rm->due.state == DUE_OVERDUE ? "overdue, it was due "
			 "on" : "due on", words);
	}
	buf_addf(&b, "\nTo do it now, sign in with this link:\n%s\n\n"
		 "It is for you alone, signs you in once, and works until "
		 "%s.  After that, ask for a new one on the sign-in page.\n\n",
		 link, until);
	add_ask(&b, w);
	free(name);
	return buf_detach(&b);
}

/* BASE/signin/TOKEN, whether or not base ends in "/" (malloc'd). */
static char *signin_url(const char *base, const char *token)
{
	size_t n = strlen(base);

	return xasprintf("%s%ssignin/%s", base, n && base[n - 1] == '/' ?
			 "" : "/", token);
}

/* "2 overdue, 1 due soon": what a reminder held, for the mail log. */
static char *reminder_detail(const struct remind_person *rp)
{
	size_t i, over = 0;

	for (i = 0; i < rp->nmods; i++)
		over += rp->mods[i].due.state == DUE_OVERDUE;
	if (over && over < rp->nmods)
		return xasprintf("%zu overdue, %zu due soon", over,
				 rp->nmods - over);
	return xasprintf("%zu %s", rp->nmods, over ? "overdue" : "due soon");
}

/* Sends rp's reminder on mr and logs it: 0 accepted, 1 refused and 2
 * the server unreachable (*err says why), -1 when the records could not
 * be written (*msg).  With unreachable set, logs the failure alone. */
static int remind_one(struct store *st, struct mailer *mr,
		      const struct remind_person *rp,
		      const struct mail_words *w, const char *base,
		      const char *unreachable, char **err, char **msg)
{
	struct mail m;
	char *token = NULL, *link, *body, *detail, *subject, until[WORDS_LEN];
	char expires[DATE_LEN];
	int ret;

	if (unreachable) {
		*err = xstrdup(unreachable);
		detail = reminder_detail(rp);
		ret = store_mail_log_add(st, rp->learner_id, "reminder",
					 rp->email, detail, *err, msg) < 0 ?
		      -1 : 2;
		free(detail);
		return ret;
	}
	if (store_mail_link_new(st, rp->learner_id, REMIND_LINK_DAYS * 86400,
				&token, msg) < 0)
		return -1;
	link = signin_url(base, token);
	sodium_memzero(token, strlen(token));
	free(token);
	fmt_date(vigil_now() + (time_t)REMIND_LINK_DAYS * 86400, expires);
	fmt_date_words(expires, until, sizeof(until));
	body = reminder_body(rp, w, link, until);
	subject = xasprintf("Safeguarding training: %s",
			    rp->mods[0].due.state == DUE_OVERDUE ? "overdue" :
			    "due soon");
	m.to = rp->email;
	m.to_name = rp->name;
	m.subject = subject;
	m.body = body;
	ret = -mailer_send(mr, &m, err);
	detail = reminder_detail(rp);
	if (store_mail_log_add(st, rp->learner_id, "reminder", rp->email,
			       detail, ret ? *err : NULL, msg) < 0)
		ret = -1;
	sodium_memzero(link, strlen(link));
	sodium_memzero(body, strlen(body));
	free(link);
	free(body);
	free(subject);
	free(detail);
	return ret;
}

int remind_send(struct store *st, const struct remind_plan *p,
		const char *base, remind_report_fn *report, void *ctx,
		struct remind_result *out, char **msg)
{
	struct mail_server s;
	struct mail_words w = { WORDS_INIT, 0 };
	struct mailer *mr = NULL;
	char *detail, *unreachable = NULL, last[TIME_LEN];
	size_t i;
	int ret = -1, r;

	memset(out, 0, sizeof(*out));
	if (mail_server_load(st, &s, msg) < 0) {
		mail_server_clear(&s);
		return -1;
	}
	if (mail_words_load(st, &w, msg) < 0 ||
	    mailer_open(&s, &mr, msg) < 0)
		goto out;
	for (i = 0; i < p->n; i++) {
		const struct remind_person *rp = &p->people[i];
		char *err = NULL;

		if (rp->why != REMIND_NOW)
			continue;
		/* Another run (the weekly timer while the DSL pressed the
		 * button) may have reminded them since the plan was made. */
		r = store_reminded_last(st, rp->learner_id, last, msg);
		if (r < 0)
			goto out;
		if (r && strcmp(last, rp->last) > 0)
			continue;
		r = remind_one(st, mr, rp, &w, base, unreachable, &err, msg);
		if (r < 0) {
			free(err);
			goto out;
		}
		/* A server that cannot be reached is not tried again for each
		 * of 150 people, a timeout each: the rest are failed now, and
		 * tried next run. */
		if (r == 2 && !unreachable)
			unreachable = xstrdup(err);
		if (r)
			out->failed++;
		else
			out->sent++;
		if (report)
			report(ctx, rp, !r, err);
		free(err);
	}
	ret = 0;
out:
	/* The run is in the audit log, however far it got. */
	if (out->sent || out->failed) {
		char *why = NULL;

		detail = xasprintf("%d sent, %d failed", out->sent,
				   out->failed);
		if (store_audit(st, "reminders sent", detail, 0,
				ret < 0 ? &why : msg) < 0)
			ret = -1;
		free(why);
		free(detail);
	}
	free(unreachable);
	mailer_close(mr);
	words_free(&w.w);
	mail_server_clear(&s);
	return ret;
}

int remind_signin_link(struct store *st, const struct learner *l,
		       const char *base, int seconds, char **msg)
{
	struct mail_server s;
	struct mail_words w = { WORDS_INIT, 0 };
	struct mailer *mr = NULL;
	struct buf body = BUF_INIT;
	struct mail m;
	char *token = NULL, *link = NULL, *err = NULL, *name;
	int ret = -1;

	if (l->left) {
		*msg = xasprintf("%s has left, and a leaver cannot sign in",
				 l->ref);
		return -1;
	}
	if (!l->email || !*l->email) {
		*msg = xasprintf("%s has no email address", l->ref);
		return -1;
	}
	if (mail_server_load(st, &s, msg) < 0 ||
	    mail_words_load(st, &w, msg) < 0)
		goto out;
	if (seconds ? store_mail_link_new(st, l->id, seconds, &token, msg) :
		      store_signin_token_new(st, l->id, &token, msg))
		goto out;
	link = signin_url(base, token);
	name = greeting_name(l->name);
	buf_addf(&body, "Dear %s,\n\nThis link signs you in to %s's "
		 "safeguarding training:\n%s\n\n", name,
		 w.w.v[WORD_SCHOOL], link);
	free(name);
	if (seconds)
		buf_addf(&body, "It is for you alone, works once, and only "
			 "for the next %d minutes.  If you did not ask for "
			 "it, you need do nothing.\n\n", seconds / 60);
	else
		buf_adds(&body, "It is for you alone: please do not pass it "
			 "on.  It works until a new one is made for you.\n\n");
	add_ask(&body, &w);
	m.to = l->email;
	m.to_name = l->name;
	m.subject = "Your sign-in link for safeguarding training";
	m.body = body.s;
	if (mailer_open(&s, &mr, msg) < 0)
		goto out;
	ret = mailer_send(mr, &m, &err) < 0 ? -1 : 0;
	if (store_mail_log_add(st, l->id, "sign-in link", l->email,
			       seconds ? "one use" : "personal link", ret < 0 ?
			       err : NULL, msg) < 0) {
		ret = -1;
	} else if (ret < 0) {
		*msg = err;
		err = NULL;
	}
out:
	if (token) {
		sodium_memzero(token, strlen(token));
		free(token);
	}
	if (link) {
		sodium_memzero(link, strlen(link));
		free(link);
	}
	if (body.s)
		sodium_memzero(body.s, body.len);
	buf_free(&body);
	free(err);
	mailer_close(mr);
	words_free(&w.w);
	mail_server_clear(&s);
	return ret;
}
