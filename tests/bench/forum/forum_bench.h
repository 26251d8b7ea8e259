/*
 * forum_bench.h: the community benchmark, shared by its files in
 * tests/bench/forum.
 *
 * forum_bench generates a community of posts into a fresh database through
 * the storage functions, gives a reader a history, then times what a
 * session asks of the domain layer.  Its RESULT line is a contract with
 * tests/bench/bench.py.
 */
#ifndef FORUM_BENCH_H
#define FORUM_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../../bbs/bbs.h"

#define FB_BOARDS	11	/* boards of the generated community */

/* The languages of the generated text. */
enum fb_lang { LANG_ES, LANG_CA, LANG_EN, LANG_COUNT };

/* A small, fast, seedable generator (xorshift64*). */
struct rng {
	uint64_t	s;
};

/* What the generator made, for the measurements to find. */
struct community {
	struct db	*db;
	int64_t		 posts;		/* asked for */
	int64_t		 threads;	/* made */
	int64_t		 accounts;	/* members who write */
	int64_t		 big_board;	/* the busiest board */
	int64_t		 staff_board;	/* read by staff only */
	int64_t		 long_thread;	/* 20+ posts, partly read by reader */
	int64_t		 long_thread_posts;
	int64_t		 reader;	/* a member with a reading history */
	int64_t		 newcomer;	/* an account made after the posts */
	int64_t		 diligent;	/* has read nearly everything */
	int64_t		 marks;		/* the reader's thread marks */
	double		 seconds;	/* to generate */
	double		 posts_per_second;
};

/* words.c */
void		 rng_seed(struct rng *, uint64_t);
uint64_t	 rng_u64(struct rng *);
double		 rng_unit(struct rng *);
int64_t		 rng_range(struct rng *, int64_t, int64_t);
void		 words_init(void);
void		 words_free(void);
size_t		 words_count(void);
const char	*words_at_rank(enum fb_lang, size_t);
size_t		 words_rank_of(enum fb_lang, const char *);
char		*words_post(struct rng *, enum fb_lang, bool);
char		*words_title(struct rng *, enum fb_lang);

/* generate.c */
int		 generate_community(struct community *, int64_t, uint64_t);

#endif /* FORUM_BENCH_H */
