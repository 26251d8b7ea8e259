/*
 * search.c: full-text search over posts and library articles.
 *
 * What a person types is never handed to FTS5 as query syntax: it is cut
 * into words (letters and digits; everything else separates), each word
 * is quoted as an FTS5 string, and the words are ANDed, the last one as a
 * prefix while it is still being typed.  So quotes, stars, NEAR(, minus
 * signs and brackets can only ever give results or no results, never a
 * syntax error.  Storage applies what the searcher may see.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define SEARCH_TERM_MAX		64	/* bytes of one word */
#define SEARCH_PREFIX_MIN	3	/* shorter last words are exact */

/*
 * search_is_word_char tells whether a code point belongs to a word: ASCII
 * letters and digits, and everything beyond ASCII except the blocks of
 * punctuation, symbols and emoji, which the tokenizer also splits on.
 */
static bool
search_is_word_char(uint32_t c)
{
	if (c < 0x80)
		return isalnum((int)c) != 0;
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return false;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xFE00 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFF20) ||
	    c >= 0x1F000 || c == 0xFFFD)
		return false;
	return true;
}

/* search_append adds one quoted word to the query being built. */
static void
search_append(char **q, const char *word, size_t len, bool prefix)
{
	char	*s;

	xasprintf(&s, "%s%s\"%.*s\"%s", *q != NULL ? *q : "",
	    *q != NULL ? " " : "", (int)len, word, prefix ? " *" : "");
	free(*q);
	*q = s;
}

/*
 * search_query turns typed text into an FTS5 query, or NULL when it holds
 * no word.  At most SEARCH_MAX_TERMS words of SEARCH_TERM_MAX bytes.
 */
char *
search_query(const char *input)
{
	char		*clean, *q = NULL;
	const char	*p, *start = NULL;
	uint32_t	 c;
	size_t		 n, terms = 0;
	bool		 last;

	clean = text_sanitise(input != NULL ? input : "", false);
	for (p = clean;; p += n) {
		n = *p != '\0' ? text_utf8_decode(p, strlen(p), &c) : 0;
		if (*p != '\0' && search_is_word_char(c)) {
			if (start == NULL)
				start = p;
			continue;
		}
		if (start != NULL && terms < SEARCH_MAX_TERMS) {
			/* A word typed to the very end may be unfinished. */
			last = *p == '\0' && (size_t)(p - start) >=
			    SEARCH_PREFIX_MIN;
			search_append(&q, start, text_cut(start,
			    (size_t)(p - start) < SEARCH_TERM_MAX ?
			    (size_t)(p - start) : SEARCH_TERM_MAX), last);
			terms++;
		}
		start = NULL;
		if (*p == '\0')
			break;
	}
	free(clean);
	return q;
}

/* search_merge interleaves two ranked lists into one, best first. */
static void
search_merge(struct search_hit **a, size_t na, struct search_hit **b,
    size_t nb, struct search_hit ***out, size_t *n)
{
	struct search_hit	**list;
	size_t			  i = 0, j = 0, k = 0;

	list = xcalloc(na + nb + 1, sizeof *list);
	while (k < SEARCH_MAX_HITS && (i < na || j < nb)) {
		/* bm25 is negative: lower is better. */
		if (j == nb || (i < na && a[i]->rank <= b[j]->rank))
			list[k++] = a[i++];
		else
			list[k++] = b[j++];
	}
	while (i < na)
		search_hit_free(a[i++]);
	while (j < nb)
		search_hit_free(b[j++]);
	*out = list;
	*n = k;
}

/*
 * search_run searches what the actor may read: posts on boards open to
 * the actor's role (visible posts in visible threads only) and library
 * articles.  Text without words gives no hits, not an error.
 */
int
search_run(struct db *db, const struct actor *actor, const char *input,
    struct search_hit ***out, size_t *n)
{
	struct search_hit	**posts = NULL, **arts = NULL;
	size_t			  np = 0, na = 0;
	char			 *q;
	int			  st = ST_OK;

	*out = NULL;
	*n = 0;
	if (!role_may(actor, ACT_LIBRARY_READ, NULL))
		return ST_DENIED;
	if ((q = search_query(input)) == NULL)
		return ST_OK;
	if (role_may(actor, ACT_BOARD_READ, NULL) &&
	    (st = consent_require(db, actor, CONSENT_COMMUNITY)) == ST_OK)
		st = search_posts(db, q, ROLE_BIT(actor->role),
		    SEARCH_MAX_HITS, &posts, &np);
	if (st == ST_DENIED)
		st = ST_OK;	/* no community consent: the library only */
	if (st == ST_OK)
		st = search_articles(db, q, SEARCH_MAX_HITS, &arts, &na);
	free(q);
	if (st != ST_OK) {
		search_free_list(posts, np);
		search_free_list(arts, na);
		return st;
	}
	search_merge(posts, np, arts, na, out, n);
	free(posts);
	free(arts);
	return ST_OK;
}
