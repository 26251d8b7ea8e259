/*
 * stats.c: samples, nearest-rank percentiles and the JSON they print as.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loadgen.h"

/* samples_add appends one value; it aborts when memory runs out. */
void
samples_add(struct samples *s, double v)
{
	double	*nv;
	size_t	 cap;

	if (s->n == s->cap) {
		cap = s->cap == 0 ? 64 : s->cap * 2;
		if ((nv = realloc(s->v, cap * sizeof *nv)) == NULL) {
			fprintf(stderr, "loadgen: out of memory\n");
			abort();
		}
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n++] = v;
}

/* samples_merge appends every value of from to to. */
void
samples_merge(struct samples *to, const struct samples *from)
{
	size_t	i;

	for (i = 0; i < from->n; i++)
		samples_add(to, from->v[i]);
}

/* samples_free releases the values. */
void
samples_free(struct samples *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* samples_cmp orders doubles for qsort. */
static int
samples_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* samples_rank returns the p-th percentile of sorted samples, nearest rank. */
static double
samples_rank(const struct samples *s, double p)
{
	size_t	rank;

	rank = (size_t)ceil(p / 100.0 * (double)s->n);
	if (rank < 1)
		rank = 1;
	if (rank > s->n)
		rank = s->n;
	return s->v[rank - 1];
}

/* json_string prints s as a JSON string. */
void
json_string(FILE *fp, const char *s)
{
	const unsigned char	*p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

/*
 * json_stats prints "name": {"p50": .., "p95": .., "p99": .., "max": ..,
 * "n": ..} with decimals digits; with no samples the values are null.
 * The samples are sorted in place.
 */
void
json_stats(FILE *fp, const char *name, struct samples *s, int decimals)
{
	static const double	 ps[] = { 50, 95, 99, 100 };
	static const char	*keys[] = { "p50", "p95", "p99", "max" };
	size_t			 i;

	json_string(fp, name);
	fputs(": {", fp);
	if (s->n > 0)
		qsort(s->v, s->n, sizeof *s->v, samples_cmp);
	for (i = 0; i < sizeof ps / sizeof ps[0]; i++) {
		fprintf(fp, "\"%s\": ", keys[i]);
		if (s->n == 0)
			fputs("null", fp);
		else
			fprintf(fp, "%.*f", decimals, samples_rank(s, ps[i]));
		fputs(", ", fp);
	}
	fprintf(fp, "\"n\": %zu}", s->n);
}
