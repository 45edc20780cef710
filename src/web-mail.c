/*
 * web-mail.c - the mail worker of `vigil serve`: one thread, with its own
 * database, that sends what the pages ask for: a run of reminders (the
 * DSL's "Send reminders") and a sign-in link someone asked for by email.
 *
 * A request never sends mail itself.  The daemon has four threads, and an
 * SMTP server may take many seconds to answer; a page waiting on it would
 * keep a quarter of the server from everyone else.  And the answer to
 * "Email me a sign-in link" must not tell whether the address is known:
 * looking it up here, after the page has gone, keeps the page's content
 * and its timing the same either way.
 *
 * The queue is bounded: a request that finds it full is answered as if
 * queued (a sign-in link) or told so (a reminders run), and the server's
 * log says what was dropped.  At shutdown the message in hand is finished
 * and the rest are dropped: a reminder not sent is tried again next run,
 * and a person who gets no link can ask again.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "remind.h"
#include "sandbox.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* The most jobs waiting at once: far more than a school asks for. */
#define MAIL_QUEUE_MAX	64

enum job_kind {
	JOB_REMINDERS,		/* a run of reminders */
	JOB_SIGNIN,		/* a sign-in link to an address */
	JOB_LINK		/* a person's new personal link, for the DSL */
};

struct job {
	struct job *next;
	enum job_kind kind;
	char *actor;		/* who asked, as the audit log names them */
	int64_t actor_id;
	char *email;		/* JOB_SIGNIN: the address typed */
	int64_t learner_id;	/* JOB_LINK: whose */
	char *base;		/* the address the request came to: links
				   start with it when base_url is not set */
};

struct web_mail {
	const struct web_config *cfg;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job *head, **tail;
	size_t n;
	int reminders;		/* runs queued or in hand */
	int stopping;
	pthread_t thread;
	struct store *st;	/* the worker's own; opened when needed */
};

static void job_free(struct job *j)
{
	if (!j)
		return;
	free(j->actor);
	free(j->email);
	free(j->base);
	free(j);
}

/* The worker's database: the one it has while still good, else opened
 * afresh (the file may have been moved or restored under the server). */
static struct store *worker_store(struct web_mail *m)
{
	char *msg = NULL;

	if (m->st && store_reusable(m->st))
		return m->st;
	store_close(m->st);
	m->st = NULL;
	if (store_open_existing(m->cfg->db, &m->st, &msg) < 0) {
		error("mail not sent: %s", msg);
		free(msg);
		m->st = NULL;
	}
	return m->st;
}

/* The address links start with: base_url, else the job's fallback. */
static char *job_base(struct store *st, const struct job *j)
{
	char *msg = NULL, *base = remind_base(st, &msg);

	if (base)
		return base;
	free(msg);
	return xstrdup(j->base);
}

/* remind_send's report: the server's log names each failed send. */
static void report_failure(void *ctx, const struct remind_person *p, int ok,
			   const char *err)
{
	(void)ctx;
	if (!ok)
		error("reminder to %s not sent: %s", p->ref,
		      err ? err : "no reason given");
}

/* A run of reminders, as `vigil remind` sends them, in the name of the
 * person who pressed the button. */
static void run_reminders(struct store *st, const struct web_config *cfg,
			  const struct job *j)
{
	struct remind_plan plan = REMIND_PLAN_INIT;
	struct remind_result res = { 0, 0 };
	char *msg = NULL, *base = NULL;

	store_set_actor(st, j->actor, j->actor_id);
	/* All the pack code the run's plan needs, on one budget. */
	sandbox_budget_begin();
	if (remind_plan_build(st, cfg->pack_dirs, cfg->plugin_dirs, &plan,
			      &msg) < 0) {
		error("reminders not sent: %s", msg);
		goto out;
	}
	base = job_base(st, j);
	if (remind_send(st, &plan, base, report_failure, NULL, &res,
			&msg) < 0)
		error("reminders not sent: %s", msg);
out:
	free(msg);
	free(base);
	remind_plan_free(&plan);
}

/*
 * A sign-in link for an address someone typed: sent to each person in
 * post whose email it is (in any case), and to nobody when it is no one's.
 * Nothing of the outcome goes back to the page, which has been answered.
 */
static void run_signin(struct store *st, const struct job *j)
{
	struct learner *ls = NULL;
	char *msg = NULL, *base = NULL;
	size_t n = 0, i;

	store_set_actor(st, "sign-in by email", 0);
	if (store_learner_list(st, &ls, &n, &msg) < 0) {
		error("sign-in link not sent: %s", msg);
		free(msg);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct learner *l = &ls[i];

		if (l->left || !l->email || strcasecmp(l->email, j->email))
			continue;
		if (!base)
			base = job_base(st, j);
		if (remind_signin_link(st, l, base, SIGNIN_MAIL_SECONDS,
				       &msg) < 0) {
			error("sign-in link to %s not sent: %s", l->ref, msg);
			free(msg);
			msg = NULL;
		}
	}
	for (i = 0; i < n; i++)
		learner_clear(&ls[i]);
	free(ls);
	free(base);
}

/* A person's new personal link, emailed in the name of the DSL who asked
 * (the audit log says who made it). */
static void run_link(struct store *st, const struct job *j)
{
	struct learner l = { 0 };
	char *msg = NULL, *base = NULL;
	int found;

	store_set_actor(st, j->actor, j->actor_id);
	found = store_learner_by_id(st, j->learner_id, &l, &msg);
	if (found > 0) {
		base = job_base(st, j);
		if (remind_signin_link(st, &l, base, 0, &msg) < 0)
			error("sign-in link to %s not sent: %s", l.ref, msg);
	} else if (found < 0) {
		error("sign-in link not sent: %s", msg);
	}
	free(msg);
	free(base);
	learner_clear(&l);
}

static void *worker(void *arg)
{
	struct web_mail *m = arg;
	struct store *st;
	struct job *j;

	for (;;) {
		pthread_mutex_lock(&m->lock);
		while (!m->head && !m->stopping)
			pthread_cond_wait(&m->wake, &m->lock);
		if (m->stopping) {
			pthread_mutex_unlock(&m->lock);
			break;
		}
		j = m->head;
		m->head = j->next;
		if (!m->head)
			m->tail = &m->head;
		m->n--;
		pthread_mutex_unlock(&m->lock);

		st = worker_store(m);
		if (st && j->kind == JOB_REMINDERS)
			run_reminders(st, m->cfg, j);
		else if (st && j->kind == JOB_LINK)
			run_link(st, j);
		else if (st)
			run_signin(st, j);
		if (st)
			store_set_actor(st, NULL, 0);

		pthread_mutex_lock(&m->lock);
		if (j->kind == JOB_REMINDERS)
			m->reminders--;
		pthread_mutex_unlock(&m->lock);
		job_free(j);
	}
	store_close(m->st);
	m->st = NULL;
	return NULL;
}

int web_mail_start(const struct web_config *cfg, struct web_mail **out,
		   char **msg)
{
	struct web_mail *m = xcalloc(1, sizeof(*m));

	m->cfg = cfg;
	m->tail = &m->head;
	if (pthread_mutex_init(&m->lock, NULL)) {
		free(m);
		*msg = xstrdup("cannot make a lock");
		return -1;
	}
	if (pthread_cond_init(&m->wake, NULL)) {
		pthread_mutex_destroy(&m->lock);
		free(m);
		*msg = xstrdup("cannot make a lock");
		return -1;
	}
	if (pthread_create(&m->thread, NULL, worker, m)) {
		pthread_cond_destroy(&m->wake);
		pthread_mutex_destroy(&m->lock);
		free(m);
		*msg = xstrdup("cannot start the mail thread");
		return -1;
	}
	*out = m;
	return 0;
}

void web_mail_stop(struct web_mail *m)
{
	struct job *j;
	size_t dropped = 0;

	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->stopping = 1;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
	/* The message in hand is finished; what waits is dropped. */
	pthread_join(m->thread, NULL);
	while ((j = m->head)) {
		m->head = j->next;
		job_free(j);
		dropped++;
	}
	if (dropped)
		error("the server stopped: %zu email%s not sent", dropped,
		      dropped == 1 ? "" : "s");
	pthread_cond_destroy(&m->wake);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* Adds j to the queue: 1 when added, 0 when a run of reminders is already
 * waiting or in hand (j is freed), -1 when the queue is full (freed). */
static int enqueue(struct web_mail *m, struct job *j)
{
	int ret = 1;

	pthread_mutex_lock(&m->lock);
	if (m->stopping || m->n >= MAIL_QUEUE_MAX) {
		ret = -1;
	} else if (j->kind == JOB_REMINDERS && m->reminders) {
		ret = 0;
	} else {
		*m->tail = j;
		m->tail = &j->next;
		m->n++;
		if (j->kind == JOB_REMINDERS)
			m->reminders++;
		pthread_cond_signal(&m->wake);
	}
	pthread_mutex_unlock(&m->lock);
	if (ret <= 0)
		job_free(j);
	return ret;
}

char *web_own_base(const struct web_request *r)
{
	return xasprintf("%s://%s/", r->https ? "https" : "http",
			 r->cfg->host);
}

/*
 * A new job of kind for r: who asked (for the jobs done in their name) and
 * the address r came to.  The caller fills in the rest and queue()s it.
 */
static struct job *job_new(const struct web_request *r, enum job_kind kind)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->kind = kind;
	if (kind != JOB_SIGNIN)
		j->actor = web_session_actor_name(r, &j->actor_id);
	j->base = web_own_base(r);
	return j;
}

/* Queues j (enqueue), logging what was not sent when the queue is full;
 * -1 when r's server has no mail worker. */
static int queue(const struct web_request *r, struct job *j,
		 const char *what)
{
	int ret;

	if (!r->mail) {
		job_free(j);
		return -1;
	}
	ret = enqueue(r->mail, j);
	if (ret < 0)
		error("%s not sent: the mail queue is full", what);
	return ret;
}

int web_mail_reminders(const struct web_request *r)
{
	return queue(r, job_new(r, JOB_REMINDERS), "reminders");
}

int web_mail_signin(const struct web_request *r, const char *email)
{
	struct job *j = job_new(r, JOB_SIGNIN);

	j->email = xstrdup(email);
	return queue(r, j, "a sign-in link was");
}

int web_mail_link(const struct web_request *r, int64_t learner_id)
{
	struct job *j = job_new(r, JOB_LINK);

	j->learner_id = learner_id;
	return queue(r, j, "a sign-in link was");
}

int web_mail_ready(struct store *st, char **msg)
{
	static const char *const keys[] = { "smtp_url", "mail_from" };
	char *v = NULL;
	size_t i;
	int found;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		found = store_setting_get(st, keys[i], &v, msg);
		if (found > 0 && !*v)
			found = 0;
		free(v);
		v = NULL;
		if (found <= 0)
			return found;
	}
	return 1;
}

int web_mail_busy(const struct web_request *r)
{
	int busy;

	if (!r->mail)
		return 0;
	pthread_mutex_lock(&r->mail->lock);
	busy = r->mail->reminders > 0;
	pthread_mutex_unlock(&r->mail->lock);
	return busy;
}
