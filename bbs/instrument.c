/*
 * instrument.c: the registry of questionnaires, and the parsing helpers
 * the definition and string files share.
 *
 * Instruments are data (content/questionnaires/README.md): one definition
 * file <id>.def per instrument and one string file <id>.<lang>.txt per
 * language.  This file reads them, checks everything a clinician could get
 * wrong (an unknown option set, a band leaving a gap, a cut-off outside
 * the range, a missing item text...) and keeps them in a registry for the
 * life of the process.  Each error names "FILE:LINE: what is wrong".  A
 * load is all or nothing: the new registry replaces the old only when
 * every file was good.  Scoring and alert rules live in score.c.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument_int.h"

/* The languages, in the order of instrument.strings; en is the fallback. */
static const char *const instrument_langs[INSTRUMENT_LANGS] = {
	"en", "es", "ca",
};

static struct instrument	**instrument_list;
static size_t			  instrument_len;

/* instrument_fail sets *err to "FILE:LINE: message" and returns ST_INVALID. */
int
instrument_fail(struct instrument_parse *p, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	free(*p->err);
	xasprintf(p->err, "%s:%d: %s", p->path, p->line, msg);
	free(msg);
	return ST_INVALID;
}

/* instrument_strings_free frees one language's texts. */
void
instrument_strings_free(struct instrument_strings *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->len; i++) {
		free(s->keys[i]);
		free(s->texts[i]);
	}
	free(s->keys);
	free(s->texts);
	free(s->lang);
	free(s->file);
	free(s);
}

/* instrument_free frees one instrument and everything it owns. */
void
instrument_free(struct instrument *in)
{
	size_t	i, j;

	if (in == NULL)
		return;
	for (i = 0; i < in->noptions; i++) {
		free(in->options[i]->id);
		free(in->options[i]->values);
		free(in->options[i]);
	}
	free(in->options);
	for (i = 0; i < in->nchoices; i++) {
		for (j = 0; j < in->choices[i]->len; j++)
			free(in->choices[i]->choices[j]);
		free(in->choices[i]->choices);
		free(in->choices[i]->id);
		free(in->choices[i]);
	}
	free(in->choices);
	free(in->items);
	for (i = 0; i < in->nscores; i++) {
		free(in->scores[i].id);
		free(in->scores[i].items);
		free(in->scores[i].convention);
		for (j = 0; j < in->scores[i].nbands; j++)
			free(in->scores[i].bands[j].id);
		free(in->scores[i].bands);
	}
	free(in->scores);
	free(in->alerts);
	for (i = 0; i < INSTRUMENT_LANGS; i++)
		instrument_strings_free(in->strings[i]);
	free(in->id);
	free(in->file);
	free(in->name);
	free(in->citation);
	free(in);
}

/* instrument_list_free frees a whole registry. */
void
instrument_list_free(struct instrument **list, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		instrument_free(list[i]);
	free(list);
}

/* instrument_id_valid tells whether s is an id: [a-z0-9_]+, not too long. */
bool
instrument_id_valid(const char *s)
{
	size_t	n = strlen(s);

	if (n == 0 || n > INSTRUMENT_ID_MAX)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* instrument_int parses a whole token as an int within lo..hi. */
bool
instrument_int(const char *s, long lo, long hi, int *out)
{
	char	*end;
	long	 v;

	if (*s == '\0' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* instrument_double parses a whole token as a finite number. */
bool
instrument_double(const char *s, double *out)
{
	char	*end;
	double	 v;

	if (*s == '\0' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/*
 * instrument_split cuts line into at most max words separated by spaces or
 * tabs; rest, when not NULL, gets what follows the first nrest words
 * (trimmed).  It returns the number of words.
 */
size_t
instrument_split(char *line, char **w, size_t max, size_t nrest, char **rest)
{
	size_t	n = 0;
	char	*s = line;

	if (rest != NULL)
		*rest = NULL;
	while (n < max) {
		s += strspn(s, " \t");
		if (*s == '\0')
			break;
		if (rest != NULL && n == nrest) {
			*rest = s;
			break;
		}
		w[n++] = s;
		s += strcspn(s, " \t");
		if (*s != '\0')
			*s++ = '\0';
	}
	if (rest != NULL && *rest == NULL && n == nrest) {
		s += strspn(s, " \t");
		if (*s != '\0')
			*rest = s;
	}
	return n;
}

/*
 * instrument_next_line returns the next line of *pos (NUL-terminated in
 * place, trailing CR and blanks removed, leading blanks skipped), or NULL
 * at the end; *line counts lines.
 */
char *
instrument_next_line(char **pos, int *line)
{
	char	*s = *pos, *e;
	size_t	 n;

	if (s == NULL || *s == '\0')
		return NULL;
	if ((e = strchr(s, '\n')) != NULL) {
		*e = '\0';
		*pos = e + 1;
	} else
		*pos = s + strlen(s);
	(*line)++;
	n = strlen(s);
	while (n > 0 && strchr("\r \t", s[n - 1]) != NULL)
		s[--n] = '\0';
	return s + strspn(s, " \t");
}

/* instrument_cmp orders file names for a stable load order. */
static int
instrument_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* instrument_has_suffix tells whether name ends in suffix, after a stem. */
static bool
instrument_has_suffix(const char *name, const char *suffix)
{
	size_t	n = strlen(name), m = strlen(suffix);

	return n > m && strcmp(name + n - m, suffix) == 0;
}

/* instrument_lang_index returns the index of a language, or -1. */
static int
instrument_lang_index(const char *lang)
{
	int	i;

	if (lang == NULL)
		return -1;
	for (i = 0; i < INSTRUMENT_LANGS; i++)
		if (strcmp(lang, instrument_langs[i]) == 0)
			return i;
	return -1;
}

/*
 * instrument_read_dir lists the file names of dir, sorted; ST_IOERR when
 * it cannot be read.
 */
static int
instrument_read_dir(const char *dir, char ***names, size_t *len, char **err)
{
	struct dirent	*de;
	DIR		*d;

	*names = NULL;
	*len = 0;
	if ((d = opendir(dir)) == NULL) {
		xasprintf(err, "%s: %s", dir, strerror(errno));
		return ST_IOERR;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		*names = xreallocarray(*names, *len + 1, sizeof **names);
		(*names)[(*len)++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(*names, *len, sizeof **names, instrument_cmp);
	return ST_OK;
}

/*
 * instrument_stray checks a .txt file: it must be <id>.<lang>.txt of a
 * defined instrument and a known language.
 */
static int
instrument_stray(const char *dir, const char *name, struct instrument **list,
    size_t len, char **err)
{
	const char	*dot;
	char		*id, *lang;
	size_t		 i;
	int		 st = ST_INVALID;

	id = xstrndup(name, strlen(name) - 4);
	if ((dot = strrchr(id, '.')) == NULL) {
		xasprintf(err, "%s/%s:1: a string file is named "
		    "<id>.<lang>.txt", dir, name);
		free(id);
		return ST_INVALID;
	}
	lang = xstrdup(dot + 1);
	id[dot - id] = '\0';
	for (i = 0; i < len; i++)
		if (strcmp(list[i]->id, id) == 0)
			break;
	if (i == len)
		xasprintf(err, "%s/%s:1: no instrument %s is defined "
		    "(%s/%s.def is missing)", dir, name, id, dir, id);
	else if (instrument_lang_index(lang) == -1)
		xasprintf(err, "%s/%s:1: unknown language \"%s\" (en, es or "
		    "ca)", dir, name, lang);
	else
		st = ST_OK;
	free(id);
	free(lang);
	return st;
}

/* instrument_load_all reads every file of dir into a new registry. */
static int
instrument_load_all(const char *dir, struct instrument ***listp,
    size_t *lenp, char **err)
{
	struct instrument	**list = NULL, *in;
	char			**names, *path, *id;
	size_t			  nnames, len = 0, i;
	int			  st, k;

	if ((st = instrument_read_dir(dir, &names, &nnames, err)) != ST_OK)
		return st;
	for (i = 0; i < nnames && st == ST_OK; i++) {
		if (!instrument_has_suffix(names[i], ".def"))
			continue;
		id = xstrndup(names[i], strlen(names[i]) - 4);
		xasprintf(&path, "%s/%s", dir, names[i]);
		st = instrument_parse_def(path, id, &in, err);
		if (st == ST_INVALID && !instrument_id_valid(id)) {
			free(*err);
			xasprintf(err, "%s:1: \"%s\" is not an instrument id "
			    "(lower-case letters, digits and _)", path, id);
		}
		if (st == ST_OK) {
			list = xreallocarray(list, len + 1, sizeof *list);
			list[len++] = in;
		}
		free(path);
		free(id);
	}
	for (i = 0; i < len && st == ST_OK; i++) {
		for (k = 0; k < INSTRUMENT_LANGS && st == ST_OK; k++) {
			xasprintf(&path, "%s/%s.%s.txt", dir, list[i]->id,
			    instrument_langs[k]);
			st = instrument_parse_strings(path, list[i],
			    instrument_langs[k], &list[i]->strings[k], err);
			if (st == ST_NOTFOUND)
				st = ST_OK;
			free(path);
		}
	}
	for (i = 0; i < nnames && st == ST_OK; i++)
		if (instrument_has_suffix(names[i], ".txt"))
			st = instrument_stray(dir, names[i], list, len, err);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (st != ST_OK) {
		instrument_list_free(list, len);
		return st;
	}
	*listp = list;
	*lenp = len;
	return ST_OK;
}

/*
 * instruments_load reads every .def file of content_dir/questionnaires
 * and the string files present for each (en, es, ca).  The new registry
 * replaces the old only when everything was good; otherwise the old one
 * stays and *err (allocated) is "FILE:LINE: what is wrong" with
 * ST_INVALID, or "FILE: reason" with ST_IOERR.
 */
int
instruments_load(const struct conf *conf, char **err)
{
	struct instrument	**list, **old;
	char			 *dir;
	size_t			  len, oldlen;
	int			  st;

	*err = NULL;
	xasprintf(&dir, "%s/%s", conf->content_dir, INSTRUMENT_DIR);
	st = instrument_load_all(dir, &list, &len, err);
	free(dir);
	if (st != ST_OK)
		return st;
	old = instrument_list;
	oldlen = instrument_len;
	instrument_list = list;
	instrument_len = len;
	/* The config's cut-offs and schedule must name what is loaded. */
	if ((st = conf_check_content(conf, err)) != ST_OK) {
		instrument_list_free(list, len);
		instrument_list = old;
		instrument_len = oldlen;
		return st;
	}
	instrument_list_free(old, oldlen);
	return ST_OK;
}

/* instruments_free empties the registry. */
void
instruments_free(void)
{
	instrument_list_free(instrument_list, instrument_len);
	instrument_list = NULL;
	instrument_len = 0;
}

/* instrument_count returns how many instruments are loaded. */
size_t
instrument_count(void)
{
	return instrument_len;
}

/* instrument_at returns the i-th instrument, by id order, or NULL. */
const struct instrument *
instrument_at(size_t i)
{
	return i < instrument_len ? instrument_list[i] : NULL;
}

/* instrument_find returns the instrument with this id, or NULL. */
const struct instrument *
instrument_find(const char *id)
{
	size_t	i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < instrument_len; i++)
		if (strcmp(instrument_list[i]->id, id) == 0)
			return instrument_list[i];
	return NULL;
}

/*
 * instrument_primary is the index of in's main score: the first with
 * bands (WHO-5's percentage, not its raw sum), else the first.  Charts,
 * the patient's feedback and the staff summaries show this one.
 */
size_t
instrument_primary(const struct instrument *in)
{
	size_t	k;

	for (k = 0; k < in->nscores; k++) {
		if (in->scores[k].nbands > 0)
			return k;
	}
	return 0;
}

/* instrument_has_language tells whether in has its own text in lang. */
bool
instrument_has_language(const struct instrument *in, const char *lang)
{
	int	k;

	return (k = instrument_lang_index(lang)) != -1 &&
	    in->strings[k] != NULL;
}

/*
 * instrument_text returns the text of key in lang.  When the instrument
 * has no file for lang, the English text is returned instead: the UI must
 * then tell the person that the questionnaire is shown in English
 * (instrument_has_language tells).  NULL when neither exists, or for a
 * key the instrument does not have.
 */
const char *
instrument_text(const struct instrument *in, const char *lang,
    const char *key)
{
	int	k;

	if (in == NULL || key == NULL)
		return NULL;
	if ((k = instrument_lang_index(lang)) != -1 && in->strings[k] != NULL)
		return instrument_strings_get(in->strings[k], key);
	return instrument_strings_get(in->strings[0], key);
}

/*
 * instrument_available tells whether in can be given in lang (its own
 * text or the English one): ST_OK, or ST_NOTFOUND with *why (allocated)
 * naming the file the operator must supply.
 */
int
instrument_available(const struct instrument *in, const char *lang,
    char **why)
{
	const char	*dir;
	char		*file;
	size_t		 n;

	*why = NULL;
	if (instrument_has_language(in, lang) || in->strings[0] != NULL)
		return ST_OK;
	/* The .def's directory: content_dir/questionnaires. */
	dir = in->file;
	n = strrchr(dir, '/') != NULL ? (size_t)(strrchr(dir, '/') - dir) : 0;
	if (n > 0)
		xasprintf(&file, "%.*s/%s.en.txt", (int)n, dir, in->id);
	else
		xasprintf(&file, "%s.en.txt", in->id);
	if (in->licence == INSTRUMENT_OPERATOR)
		xasprintf(why, _("%s needs %s, which the operator supplies "
		    "under its licence"), in->name, file);
	else
		xasprintf(why, _("%s cannot be given: its text, %s, is "
		    "missing"), in->name, file);
	free(file);
	return ST_NOTFOUND;
}

/*
 * instrument_ref_check checks a reference to an instrument made by the
 * config or a schedule at where ("FILE:LINE"): ST_INVALID and *err
 * "WHERE: unknown instrument ID" when nothing of that id is loaded.
 */
int
instrument_ref_check(const char *where, const char *id, char **err)
{
	*err = NULL;
	if (instrument_find(id) != NULL)
		return ST_OK;
	xasprintf(err, "%s: unknown instrument %s", where, id);
	return ST_INVALID;
}

/*
 * instrument_cutoffs_check checks a deployment's cut-off overrides: each
 * names a loaded instrument, one of its scores with a cut-off, and a
 * value inside the score's range.  *err names the config key.
 */
int
instrument_cutoffs_check(const struct cutoffs *c, char **err)
{
	const struct cutoff_override	*o;
	const struct instrument		*in;
	const struct instrument_score	*s;
	size_t				 i;
	int				 k;

	*err = NULL;
	for (i = 0; c != NULL && i < c->len; i++) {
		o = &c->list[i];
		if ((in = instrument_find(o->instrument)) == NULL) {
			xasprintf(err, "%s_%s_cutoff: unknown instrument %s",
			    o->instrument, o->score, o->instrument);
			return ST_INVALID;
		}
		if ((k = instrument_score_index(in, o->score)) == -1) {
			xasprintf(err, "%s_%s_cutoff: %s has no score %s",
			    o->instrument, o->score, in->name, o->score);
			return ST_INVALID;
		}
		s = &in->scores[k];
		if (!s->has_cutoff) {
			xasprintf(err, "%s_%s_cutoff: score %s of %s has no "
			    "cut-off to change", o->instrument, o->score,
			    s->id, in->name);
			return ST_INVALID;
		}
		if (o->value < s->min || o->value > s->max) {
			xasprintf(err, "%s_%s_cutoff: %d is outside the range "
			    "of the score, %d-%d", o->instrument, o->score,
			    o->value, s->min, s->max);
			return ST_INVALID;
		}
	}
	return ST_OK;
}

/*
 * instrument_cutoff gives the cut-off of score k of in: the deployment's
 * override when there is one, else the definition's.  ST_NOTFOUND when
 * the score has no cut-off.
 */
int
instrument_cutoff(const struct instrument *in, size_t k,
    const struct cutoffs *c, int *value)
{
	const struct instrument_score	*s;
	size_t				 i;

	if (k >= in->nscores || !(s = &in->scores[k])->has_cutoff)
		return ST_NOTFOUND;
	*value = s->cutoff;
	for (i = 0; c != NULL && i < c->len; i++) {
		if (strcmp(c->list[i].instrument, in->id) == 0 &&
		    strcmp(c->list[i].score, s->id) == 0)
			*value = c->list[i].value;
	}
	return ST_OK;
}
