/*
 * generate.c: a generated community, written straight through storage.
 *
 * The domain functions open a transaction and run the pattern checks for
 * every post; here posts go in through threads_create and posts_create
 * (which keep the thread counters, by trigger, and the search index), in
 * transactions of GEN_BATCH posts, which is what makes a million posts
 * take minutes and not hours.
 *
 * The shape: about ten boards of very different sizes and one read by
 * staff only; a few thousand members of whom a few write most (Zipf);
 * threads of 20 posts on average, most short and some long, whose
 * replies arrive interleaved with other threads' as they would over
 * months.  A few posts are hidden by moderators and a few wait in the
 * queue.  Three accounts read: one joins part way through and reads most
 * threads of three boards; a diligent one joins early and has read
 * everything but the newest posts and the second half of one old thread;
 * another joins at the end.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "forum_bench.h"

#define GEN_BATCH	10000	/* posts per transaction */
#define GEN_MEAN_LEN	20	/* posts per thread */
#define GEN_HIDDEN	0.002	/* share of posts hidden by a moderator */
#define GEN_PENDING	20	/* posts left waiting in the queue */
#define GEN_JOIN	0.4	/* the reader joins after this share */
#define GEN_JOIN_EARLY	0.1	/* the diligent reader joins */
#define GEN_UNSEEN	300	/* newest posts the reader has not seen */
#define GEN_READ_BOARDS	3	/* boards the reader follows */

#define ALL_ROLES	(ROLE_BIT(ROLE_PATIENT) | ROLE_BIT(ROLE_EXPERT) | \
			 ROLE_BIT(ROLE_PROFESSIONAL) | \
			 ROLE_BIT(ROLE_MODERATOR) | ROLE_BIT(ROLE_ADMIN))
#define STAFF_ROLES	(ROLE_BIT(ROLE_PROFESSIONAL) | \
			 ROLE_BIT(ROLE_MODERATOR) | ROLE_BIT(ROLE_ADMIN))

/* The boards, busiest first, with their share of the threads (‰). */
static const struct {
	const char	*name;
	int		 weight;
	bool		 staff;
} gen_boards[] = {
	{ "Living with treatment side effects", 240, false },
	{ "Introductions", 170, false },
	{ "Fear of recurrence", 130, false },
	{ "Family and relationships", 100, false },
	{ "Returning to work", 80, false },
	{ "Ask a professional", 70, false },
	{ "Food, exercise and sleep", 60, false },
	{ "Good news", 50, false },
	{ "Cafè: off topic", 40, false },
	{ "Professionals' room", 20, true },
	{ "Feedback about Mirall", 40, false },
};
#define GEN_NBOARDS	(sizeof gen_boards / sizeof gen_boards[0])
_Static_assert(GEN_NBOARDS == FB_BOARDS, "FB_BOARDS is the boards made");

/* One member who writes. */
struct gen_member {
	int64_t		id;
	int		role;
	enum fb_lang	lang;
};

/* One thread being generated. */
struct gen_thread {
	int64_t		id;
	int32_t		len;		/* posts it will have */
	int32_t		done;
	int64_t		mid_post;	/* its post half way */
	int64_t		seen_post;	/* last post before the unseen ones */
	int64_t		last_post;
	uint8_t		board;
	uint8_t		lang;
	bool		visible;	/* its opening post */
	int32_t		visible_posts;
};

/* The generator's state. */
struct gen {
	struct community	*c;
	struct rng		 rng;
	int64_t			 board_id[GEN_NBOARDS];
	int			 board_cdf[GEN_NBOARDS];
	struct gen_member	*members;
	double			*member_cdf;	/* Zipf over a shuffle */
	size_t			 nmembers;
	size_t			 nstaff;	/* members[0..nstaff) */
	struct gen_thread	*threads;
	size_t			 nthreads;
	size_t			 next_thread;	/* not yet started */
	size_t			*active;	/* started, not finished */
	size_t			 nactive;
	int64_t			 done;
	int64_t			 reader_floor;
	int64_t			 diligent_floor;
};

/* gen_now returns the monotonic clock in seconds. */
static double
gen_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* gen_check stops the program when a storage call failed. */
static void
gen_check(int st, const char *what)
{
	if (st != ST_OK)
		fatalx("forum_bench: %s: %s", what, status_str(st));
}

/* gen_boards_make creates the boards. */
static void
gen_boards_make(struct gen *g)
{
	struct board	b;
	size_t		i;
	int		sum = 0;

	for (i = 0; i < GEN_NBOARDS; i++) {
		memset(&b, 0, sizeof b);
		b.name = (char *)gen_boards[i].name;
		b.description = (char *)"A board of the generated community.";
		b.read_roles = gen_boards[i].staff ? STAFF_ROLES : ALL_ROLES;
		b.post_roles = b.read_roles;
		gen_check(boards_create(g->c->db, &b, &g->board_id[i]),
		    "create board");
		sum += gen_boards[i].weight;
		g->board_cdf[i] = sum;
	}
	g->c->big_board = g->board_id[0];
	for (i = 0; i < GEN_NBOARDS; i++)
		if (gen_boards[i].staff)
			g->c->staff_board = g->board_id[i];
}

/*
 * gen_members_make creates the members: a few moderators, some
 * professionals and expert patients, patients for the rest; half write
 * in Spanish, a third in Catalan, the rest in English.  Who writes how
 * much follows a Zipf law over a shuffled order.
 */
static void
gen_members_make(struct gen *g, size_t n)
{
	char		 name[32];
	size_t		 i, j, *order, t;
	size_t		 mods = n / 300 + 2, pros = n / 60 + 2;
	size_t		 experts = n / 15;
	double		 sum = 0, u;
	struct gen_member *m;

	g->members = xcalloc(n, sizeof *g->members);
	g->member_cdf = xcalloc(n, sizeof *g->member_cdf);
	g->nmembers = n;
	g->nstaff = mods + pros;
	for (i = 0; i < n; i++) {
		m = &g->members[i];
		m->role = i < mods ? ROLE_MODERATOR : i < mods + pros ?
		    ROLE_PROFESSIONAL : i < mods + pros + experts ?
		    ROLE_EXPERT : ROLE_PATIENT;
		u = rng_unit(&g->rng);
		m->lang = u < 0.5 ? LANG_ES : u < 0.8 ? LANG_CA : LANG_EN;
		snprintf(name, sizeof name, "member%04zu", i);
		gen_check(accounts_create(g->c->db, name, m->role, "!", false,
		    m->lang == LANG_ES ? "es" : m->lang == LANG_CA ? "ca" :
		    "en", &m->id), "create account");
	}
	order = xcalloc(n, sizeof *order);
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = (size_t)rng_range(&g->rng, 0, (int64_t)i);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	/* member_cdf[i] is the weight up to member i; rank = order[i]. */
	for (i = 0; i < n; i++) {
		sum += 1.0 / (double)(order[i] + 1);
		g->member_cdf[i] = sum;
	}
	free(order);
	g->c->accounts = (int64_t)n;
}

/* gen_member draws a writer, from the staff only when asked. */
static struct gen_member *
gen_member(struct gen *g, bool staff)
{
	size_t	lo = 0, hi, mid, n = staff ? g->nstaff : g->nmembers;
	double	u;

	hi = n - 1;
	u = rng_unit(&g->rng) * g->member_cdf[n - 1];
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (g->member_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &g->members[lo];
}

/*
 * gen_threads_plan gives each thread its board and length: lengths are
 * exponential with mean GEN_MEAN_LEN (most short, some long), then
 * nudged so that they add up to exactly the posts asked for.
 */
static void
gen_threads_plan(struct gen *g, int64_t posts)
{
	struct gen_thread	*t;
	int64_t			 sum = 0;
	size_t			 i;
	int			 w;

	g->nthreads = (size_t)(posts / GEN_MEAN_LEN > 0 ?
	    posts / GEN_MEAN_LEN : 1);
	g->threads = xcalloc(g->nthreads, sizeof *g->threads);
	g->active = xcalloc(g->nthreads, sizeof *g->active);
	for (i = 0; i < g->nthreads; i++) {
		t = &g->threads[i];
		t->len = 1 + (int32_t)(-log(1.0 - rng_unit(&g->rng)) *
		    (GEN_MEAN_LEN - 1));
		sum += t->len;
		w = (int)rng_range(&g->rng, 1, g->board_cdf[GEN_NBOARDS - 1]);
		while (g->board_cdf[t->board] < w)
			t->board++;
	}
	while (sum < posts) {
		g->threads[rng_range(&g->rng, 0, (int64_t)g->nthreads - 1)]
		    .len++;
		sum++;
	}
	while (sum > posts) {
		t = &g->threads[rng_range(&g->rng, 0,
		    (int64_t)g->nthreads - 1)];
		if (t->len > 1) {
			t->len--;
			sum--;
		}
	}
}

/* gen_state picks a new post's state: a few are hidden or pending. */
static int
gen_state(struct gen *g, unsigned *hold)
{
	*hold = 0;
	if (g->done >= g->c->posts - GEN_PENDING) {
		*hold = POST_HOLD_PREMODERATED;
		return POST_PENDING;
	}
	return rng_unit(&g->rng) < GEN_HIDDEN ? POST_HIDDEN : POST_VISIBLE;
}

/* gen_post writes the next post of thread i (its first: the thread). */
static void
gen_post(struct gen *g, size_t i)
{
	struct gen_thread	*t = &g->threads[i];
	struct gen_member	*m;
	char			*title = NULL, *body;
	unsigned		 hold;
	int64_t			 id;
	int			 state;

	m = gen_member(g, gen_boards[t->board].staff);
	if (t->done == 0) {
		t->lang = (uint8_t)m->lang;
		title = words_title(&g->rng, m->lang);
		gen_check(threads_create(g->c->db, g->board_id[t->board],
		    title, m->id, &t->id), "create thread");
		free(title);
	}
	/* Replies mostly in the thread's language. */
	body = words_post(&g->rng, rng_unit(&g->rng) < 0.9 ?
	    (enum fb_lang)t->lang : m->lang, false);
	state = gen_state(g, &hold);
	gen_check(posts_create(g->c->db, t->id, m->id, m->role, body, state,
	    hold, false, &id), "create post");
	free(body);
	if (t->done == 0)
		t->visible = state == POST_VISIBLE;
	if (state == POST_VISIBLE) {
		t->visible_posts++;
		t->last_post = id;
		if (g->done < g->c->posts - GEN_UNSEEN)
			t->seen_post = id;
		if (t->visible_posts == (t->len + 1) / 2)
			t->mid_post = id;
	}
	t->done++;
	g->done++;
}

/*
 * gen_next chooses the thread of the next post: a new thread as often as
 * threads remain per post remaining, otherwise a reply to one of the
 * threads in progress.
 */
static size_t
gen_next(struct gen *g)
{
	int64_t	threads_left = (int64_t)(g->nthreads - g->next_thread);
	int64_t	posts_left = g->c->posts - g->done;
	size_t	k;

	if (threads_left > 0 && (g->nactive == 0 ||
	    rng_unit(&g->rng) * (double)posts_left < (double)threads_left)) {
		g->active[g->nactive++] = g->next_thread;
		return g->next_thread++;
	}
	k = (size_t)rng_range(&g->rng, 0, (int64_t)g->nactive - 1);
	return g->active[k];
}

/* gen_finish drops thread i from those in progress once it is full. */
static void
gen_finish(struct gen *g, size_t i)
{
	size_t	k;

	if (g->threads[i].done < g->threads[i].len)
		return;
	for (k = 0; k < g->nactive; k++)
		if (g->active[k] == i) {
			g->active[k] = g->active[--g->nactive];
			return;
		}
}

/*
 * gen_accounts_late creates an account now: its floor is the newest post.
 * A patient reads the boards only with community consent, so the reader
 * has given it.
 */
static int64_t
gen_accounts_late(struct gen *g, const char *name)
{
	struct consent_row	 c = { .purpose = CONSENT_COMMUNITY,
				       .study = "", .given = true,
				       .version = 1, .hash = "bench",
				       .language = "es" };
	int64_t			 id, row;

	gen_check(accounts_create(g->c->db, name, ROLE_PATIENT, "!", false,
	    "es", &id), "create reader");
	c.at = db_now();
	gen_check(consents_add(g->c->db, id, &c, &row), "consent");
	return id;
}

/* gen_posts writes every post, GEN_BATCH to a transaction. */
static void
gen_posts(struct gen *g)
{
	double	t0 = gen_now(), last = t0;
	size_t	i;

	gen_check(db_begin(g->c->db), "begin");
	while (g->done < g->c->posts) {
		if (g->c->diligent == 0 && g->done >=
		    (int64_t)(GEN_JOIN_EARLY * (double)g->c->posts)) {
			g->c->diligent = gen_accounts_late(g, "fb-diligent");
			gen_check(reads_floor(g->c->db, g->c->diligent, 0,
			    &g->diligent_floor), "diligent floor");
		}
		if (g->c->reader == 0 &&
		    g->done >= (int64_t)(GEN_JOIN * (double)g->c->posts)) {
			g->c->reader = gen_accounts_late(g, "fb-reader");
			gen_check(reads_floor(g->c->db, g->c->reader, 0,
			    &g->reader_floor), "reader floor");
		}
		i = gen_next(g);
		gen_post(g, i);
		gen_finish(g, i);
		if (g->done % GEN_BATCH == 0) {
			gen_check(db_commit(g->c->db), "commit");
			gen_check(db_begin(g->c->db), "begin");
		}
		if (gen_now() - last >= 10) {
			last = gen_now();
			fprintf(stderr, "forum_bench: %lld posts, %.0f a "
			    "second\n", (long long)g->done,
			    (double)g->done / (last - t0));
		}
	}
	gen_check(db_commit(g->c->db), "commit");
}

/*
 * gen_history gives the reader a history: of the threads of the three
 * busiest open boards that were active after it joined, most read up to
 * the newest posts it has seen, some read half way, a few never opened;
 * nothing on the other boards.  The thread the benchmark opens is the
 * newest half-read one with 20 posts or more on the busiest board.
 */
static void
gen_history(struct gen *g)
{
	struct gen_thread	*t;
	size_t			 i;
	double			 u;
	int64_t			 mark, best = 0;

	gen_check(db_begin(g->c->db), "begin");
	for (i = 0; i < g->nthreads; i++) {
		t = &g->threads[i];
		if (t->board >= GEN_READ_BOARDS || !t->visible ||
		    t->last_post <= g->reader_floor)
			continue;
		u = rng_unit(&g->rng);
		mark = u < 0.90 ? t->seen_post : u < 0.97 ? t->mid_post : 0;
		if (mark <= g->reader_floor)
			continue;
		gen_check(reads_mark(g->c->db, g->c->reader, t->id, mark),
		    "mark read");
		g->c->marks++;
		if (t->board == 0 && mark == t->mid_post &&
		    t->visible_posts >= 22 && t->mid_post < t->last_post &&
		    t->id > g->c->long_thread) {
			g->c->long_thread = t->id;
			g->c->long_thread_posts = t->visible_posts;
		}
	}
	gen_check(db_commit(g->c->db), "commit");
	/* A small community may have none: then its longest thread. */
	if (g->c->long_thread == 0)
		for (i = 0; i < g->nthreads; i++)
			if (g->threads[i].visible &&
			    g->threads[i].visible_posts > best) {
				best = g->threads[i].visible_posts;
				g->c->long_thread = g->threads[i].id;
				g->c->long_thread_posts = best;
			}
}

/*
 * gen_diligent gives the diligent reader its history: every thread it may
 * read that was active after it joined is read up to the newest posts it
 * has seen, except the first thread of 20 posts or more on the busiest
 * board, which it left half read.
 */
static void
gen_diligent(struct gen *g)
{
	struct gen_thread	*t;
	size_t			 i;
	int64_t			 mark;
	bool			 left = false;

	gen_check(db_begin(g->c->db), "begin");
	for (i = 0; i < g->nthreads; i++) {
		t = &g->threads[i];
		if (gen_boards[t->board].staff || !t->visible ||
		    t->last_post <= g->diligent_floor)
			continue;
		mark = t->seen_post;
		if (!left && t->board == 0 && t->visible_posts >= 20 &&
		    t->mid_post > g->diligent_floor) {
			mark = t->mid_post;
			left = true;
		}
		if (mark > g->diligent_floor)
			gen_check(reads_mark(g->c->db, g->c->diligent, t->id,
			    mark), "mark read");
	}
	gen_check(db_commit(g->c->db), "commit");
}

/* generate_community fills c->db with posts posts; seed fixes the text. */
int
generate_community(struct community *c, int64_t posts, uint64_t seed)
{
	struct gen	g;
	double		t0 = gen_now();
	size_t		n;

	memset(&g, 0, sizeof g);
	g.c = c;
	c->posts = posts;
	rng_seed(&g.rng, seed);
	words_init();
	n = (size_t)(posts / 330);
	n = n < 100 ? 100 : n > 3000 ? 3000 : n;
	gen_check(db_begin(c->db), "begin");
	gen_boards_make(&g);
	gen_members_make(&g, n);
	gen_check(db_commit(c->db), "commit");
	gen_threads_plan(&g, posts);
	c->threads = (int64_t)g.nthreads;
	gen_posts(&g);
	gen_history(&g);
	gen_diligent(&g);
	c->newcomer = gen_accounts_late(&g, "fb-newcomer");
	c->seconds = gen_now() - t0;
	c->posts_per_second = (double)posts / c->seconds;
	free(g.members);
	free(g.member_cdf);
	free(g.threads);
	free(g.active);
	return ST_OK;
}
