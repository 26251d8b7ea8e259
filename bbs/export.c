/*
 * export.c: a study's export in the formats REDCap users expect (privacy
 * spec, "Research export").
 *
 * export_study writes five files into a directory of their own:
 *
 *	<study>_datadictionary.csv	REDCap's 18-column data dictionary
 *	<study>_long.csv		one row per record and event
 *	<study>_wide.csv		one row per record, variables suffixed
 *					by event
 *	<study>_engagement.csv		record, day, event type, count
 *	manifest.json			what, when, which software, codes
 *
 * Only the patients whose latest research decision for the study is
 * "given" are in it.  Nothing anyone wrote is ever read here: items are
 * the numbers of the answers, scores are computed from them, engagement
 * is counts of events; dates are whole days since enrolment.  A form the
 * patient missed carries NASK in its items and scores, an item she
 * skipped in a completed form ASKU (REDCap's standard missing-data
 * codes), both documented in the dictionary's Field Note and the
 * manifest.  Every export is a study_exports row and an audit row.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "bbs.h"

#define EXPORT_VAR_MAX	26	/* REDCap's longest variable name */
#define EXPORT_DAY	86400
#define EXPORT_NASK	"NASK"	/* not asked: the form was missed */
#define EXPORT_ASKU	"ASKU"	/* asked but unknown: skipped */
#define EXPORT_FILES	5

/* The note every item and score carries in the dictionary. */
#define EXPORT_MISSING_NOTE \
	"Missing data: NASK = form missed (not asked); ASKU = item skipped " \
	"(asked but unknown)"

enum export_file {
	EXPORT_DICTIONARY = 0,
	EXPORT_LONG,
	EXPORT_WIDE,
	EXPORT_ENGAGEMENT,
	EXPORT_MANIFEST,
};

/* What a column of the records holds. */
enum export_kind {
	EXPORT_COL_DAY = 0,	/* days since enrolment, when completed */
	EXPORT_COL_ITEM,	/* an option's value */
	EXPORT_COL_CHOICE,	/* one choice of a checklist: 0/1 */
	EXPORT_COL_SCORE,
	EXPORT_COL_COMPLETE,	/* 0 missed, 2 complete */
};

struct export_col {
	char			 name[64];
	enum export_kind	 kind;
	size_t			 item;		/* the item's index */
	int			 choice;	/* bit of the checklist */
	size_t			 score;
};

/* One instrument of the study and its columns. */
struct export_form {
	const struct instrument	*in;
	struct export_col	*cols;
	size_t			 ncols;
};

/* One form of one record at one event. */
struct export_data {
	int			 state;		/* enum form_state */
	int64_t			 day;
	struct score_result	 result;
};

/* One record at one event: a row of the long file. */
struct export_row {
	char			 record[STUDY_RECORD_ID_LEN + 1];
	char			 event[STUDY_EVENT_MAX + 1];
	int			 order;
	struct export_data	**data;		/* per form, or NULL */
};

/* One row of the engagement file. */
struct export_engagement {
	char			 record[STUDY_RECORD_ID_LEN + 1];
	struct engagement_row	 e;
};

/* Everything one export builds before writing. */
struct export {
	struct study		*study;
	struct export_form	*forms;
	size_t			 nforms;
	struct export_row	*rows;
	size_t			 nrows;
	struct export_engagement *eng;
	size_t			 neng;
	size_t			 records;
	int64_t			 fields;	/* dictionary rows */
	char			*paths[EXPORT_FILES];
	bool			 made[EXPORT_FILES];
};

/* export_fail sets *err to a message and returns st. */
static int __attribute__((format(printf, 3, 4)))
export_fail(char **err, int st, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	free(*err);
	xvasprintf(err, fmt, ap);
	va_end(ap);
	return st;
}

/* export_col_add appends a column to form. */
static struct export_col *
export_col_add(struct export_form *f, enum export_kind kind)
{
	struct export_col	*c;

	f->cols = xreallocarray(f->cols, f->ncols + 1, sizeof *f->cols);
	c = &f->cols[f->ncols++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	return c;
}

/* export_name_check fails loudly for a variable REDCap would refuse. */
static int
export_name_check(const char *name, char **err)
{
	if (!study_name_valid(name, EXPORT_VAR_MAX))
		return export_fail(err, ST_INVALID, "%s: not a REDCap "
		    "variable name (a lowercase letter, then lowercase "
		    "letters, digits or _, at most %d)", name,
		    EXPORT_VAR_MAX);
	return ST_OK;
}

/*
 * export_form_make lists the columns of in: <id>_day, an item per
 * option item (<id>_<n>), a 0/1 column per choice of a checklist
 * (<id>_<n>___<k>, k from 1), each score (<id>_<score>) and
 * <id>_complete, checking every variable's name.
 */
static int
export_form_make(const struct instrument *in, struct export_form *f,
    char **err)
{
	struct export_col	*c;
	size_t			 i, k;
	int			 st;

	memset(f, 0, sizeof *f);
	f->in = in;
	c = export_col_add(f, EXPORT_COL_DAY);
	snprintf(c->name, sizeof c->name, "%s_day", in->id);
	if ((st = export_name_check(c->name, err)) != ST_OK)
		return st;
	for (i = 0; i < in->nitems; i++) {
		if (in->items[i].choices == NULL) {
			c = export_col_add(f, EXPORT_COL_ITEM);
			snprintf(c->name, sizeof c->name, "%s_%d", in->id,
			    in->items[i].number);
			c->item = i;
			if ((st = export_name_check(c->name, err)) != ST_OK)
				return st;
			continue;
		}
		for (k = 0; k < in->items[i].choices->len; k++) {
			c = export_col_add(f, EXPORT_COL_CHOICE);
			snprintf(c->name, sizeof c->name, "%s_%d", in->id,
			    in->items[i].number);
			if ((st = export_name_check(c->name, err)) != ST_OK)
				return st;
			snprintf(c->name, sizeof c->name, "%s_%d___%zu",
			    in->id, in->items[i].number, k + 1);
			c->item = i;
			c->choice = (int)k;
		}
	}
	for (i = 0; i < in->nscores; i++) {
		c = export_col_add(f, EXPORT_COL_SCORE);
		snprintf(c->name, sizeof c->name, "%s_%s", in->id,
		    in->scores[i].id);
		c->score = i;
		if ((st = export_name_check(c->name, err)) != ST_OK)
			return st;
	}
	c = export_col_add(f, EXPORT_COL_COMPLETE);
	snprintf(c->name, sizeof c->name, "%s_complete", in->id);
	return export_name_check(c->name, err);
}

/* export_forms_make lists the columns of every instrument of the study. */
static int
export_forms_make(struct export *x, char **err)
{
	const struct instrument	*in;
	size_t			 i, j, a, b;
	int			 st;

	x->forms = xcalloc(x->study->ninstruments, sizeof *x->forms);
	for (i = 0; i < x->study->ninstruments; i++) {
		if ((in = instrument_find(x->study->instruments[i])) == NULL)
			return export_fail(err, ST_NOTFOUND, "%s: the study's "
			    "questionnaire is not loaded",
			    x->study->instruments[i]);
		x->nforms++;
		if ((st = export_form_make(in, &x->forms[i], err)) != ST_OK)
			return st;
	}
	/* Two instruments must not make the same variable. */
	for (i = 0; i < x->nforms; i++)
		for (a = 0; a < x->forms[i].ncols; a++)
			for (j = i; j < x->nforms; j++)
				for (b = j == i ? a + 1 : 0;
				    b < x->forms[j].ncols; b++)
					if (strcmp(x->forms[i].cols[a].name,
					    x->forms[j].cols[b].name) == 0 ||
					    strcmp(x->forms[i].cols[a].name,
					    "record_id") == 0)
						return export_fail(err,
						    ST_INVALID, "%s: the "
						    "variable is made twice",
						    x->forms[i].cols[a].name);
	return ST_OK;
}

/* export_rows_free frees the rows and their forms. */
static void
export_rows_free(struct export *x)
{
	size_t	i, k;

	for (i = 0; i < x->nrows; i++) {
		for (k = 0; k < x->nforms; k++)
			free(x->rows[i].data[k]);
		free(x->rows[i].data);
	}
	free(x->rows);
	x->rows = NULL;
	x->nrows = 0;
}

/* export_row_find finds or adds the row of record at event. */
static struct export_row *
export_row_find(struct export *x, const char *record, const char *event,
    int order)
{
	struct export_row	*r;
	size_t			 i;

	for (i = 0; i < x->nrows; i++) {
		r = &x->rows[i];
		if (strcmp(r->record, record) == 0 &&
		    strcmp(r->event, event) == 0)
			return r;
	}
	x->rows = xreallocarray(x->rows, x->nrows + 1, sizeof *x->rows);
	r = &x->rows[x->nrows++];
	memset(r, 0, sizeof *r);
	snprintf(r->record, sizeof r->record, "%s", record);
	snprintf(r->event, sizeof r->event, "%s", event);
	r->order = order;
	r->data = xcalloc(x->nforms, sizeof *r->data);
	return r;
}

/* export_form_index is the study's index of instrument, or -1. */
static int
export_form_index(const struct export *x, const char *instrument)
{
	size_t	i;

	for (i = 0; i < x->nforms; i++) {
		if (strcmp(x->forms[i].in->id, instrument) == 0)
			return (int)i;
	}
	return -1;
}

/*
 * export_patient_forms adds patient's completed and missed forms of the
 * study's instruments to the rows, at the events their windows map to.
 * Two forms at one event (a second programme's) keep the first.
 */
static int
export_patient_forms(struct db *db, const struct conf *conf, struct export *x,
    const struct account *a, const char *record)
{
	static const int	 states[] = { FORM_COMPLETED, FORM_MISSED };
	struct form		**forms = NULL;
	struct export_row	*r;
	struct export_data	*d;
	char			 key[SCHEDULE_WINDOW_MAX];
	char			 event[STUDY_EVENT_MAX + 1];
	size_t			 n = 0, i;
	int			 k, order, st;

	if ((st = forms_list(db, a->id, states, 2, &forms, &n)) != ST_OK)
		return st;
	for (i = 0; i < n && st == ST_OK; i++) {
		if ((k = export_form_index(x, forms[i]->instrument)) == -1 ||
		    study_window_key(conf, forms[i]->window,
		    forms[i]->instrument, key, sizeof key) != ST_OK ||
		    study_event_for(x->study, key, event, sizeof event,
		    &order) != ST_OK)
			continue;
		r = export_row_find(x, record, event, order);
		if (r->data[k] != NULL)
			continue;
		d = r->data[k] = xcalloc(1, sizeof *d);
		d->state = forms[i]->state;
		if (d->state == FORM_COMPLETED) {
			d->day = forms[i]->completed_at >= a->created_at ?
			    (forms[i]->completed_at - a->created_at) /
			    EXPORT_DAY : 0;
			st = quest_result(db, forms[i], &d->result);
		}
	}
	forms_free_list(forms, n);
	return st;
}

/* export_patient_engagement adds patient's engagement counts. */
static int
export_patient_engagement(struct db *db, struct export *x,
    const struct account *a, const char *record)
{
	struct engagement_row	*list;
	size_t			 n, i;
	int			 st;

	if ((st = studies_engagement(db, a->id, a->created_at, &list, &n)) !=
	    ST_OK)
		return st;
	x->eng = xreallocarray(x->eng, x->neng + n + 1, sizeof *x->eng);
	for (i = 0; i < n; i++) {
		snprintf(x->eng[x->neng].record,
		    sizeof x->eng[x->neng].record, "%s", record);
		x->eng[x->neng++].e = list[i];
	}
	free(list);
	return ST_OK;
}

/* export_collect reads every consenting patient's forms and engagement. */
static int
export_collect(struct db *db, const struct conf *conf, struct export *x,
    char **err)
{
	unsigned char	 key[STUDY_KEY_LEN];
	char		 record[STUDY_RECORD_ID_LEN + 1];
	struct account	*a = NULL;
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	int		 st;

	if ((st = study_key_read(x->study->key_file, key, err)) != ST_OK)
		return st;
	if ((st = consent_research_ids(db, x->study->id, &ids, &n)) != ST_OK) {
		export_fail(err, st, "consents: %s", status_str(st));
		goto out;
	}
	for (i = 0; i < n && st == ST_OK; i++) {
		if ((st = accounts_get(db, ids[i], &a)) != ST_OK) {
			export_fail(err, st, "account %lld: %s",
			    (long long)ids[i], status_str(st));
			break;
		}
		study_record_id_key(key, a->id, record);
		if ((st = export_patient_forms(db, conf, x, a, record)) ==
		    ST_OK)
			st = export_patient_engagement(db, x, a, record);
		if (st != ST_OK)
			export_fail(err, st, "%s: %s", record, status_str(st));
		account_free(a);
		a = NULL;
	}
	x->records = n;
out:
	sodium_memzero(key, sizeof key);
	free(ids);
	return st;
}

/* export_row_cmp orders rows by record, then event order. */
static int
export_row_cmp(const void *a, const void *b)
{
	const struct export_row	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->record, y->record)) != 0)
		return c;
	return (x->order > y->order) - (x->order < y->order);
}

/* export_eng_cmp orders engagement rows by record, day and type. */
static int
export_eng_cmp(const void *a, const void *b)
{
	const struct export_engagement	*x = a, *y = b;
	int				 c;

	if ((c = strcmp(x->record, y->record)) != 0)
		return c;
	if (x->e.day != y->e.day)
		return x->e.day < y->e.day ? -1 : 1;
	return strcmp(x->e.type, y->e.type);
}

/*
 * export_csv writes one field of a CSV line (RFC 4180): quoted when it
 * holds a comma, a quote, a line break or edge blanks, quotes doubled.
 */
static void
export_csv(FILE *f, const char *s, bool *first)
{
	const char	*p;
	size_t		 len = strlen(s);

	if (!*first)
		fputc(',', f);
	*first = false;
	if (strpbrk(s, ",\"\r\n") == NULL && (len == 0 || (s[0] != ' ' &&
	    s[len - 1] != ' '))) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

/* export_csv_end ends a CSV line. */
static void
export_csv_end(FILE *f, bool *first)
{
	fputs("\r\n", f);
	*first = true;
}

/*
 * export_cell writes into buf the value of column c for a form d (NULL:
 * none at this event, an empty cell).
 */
static void
export_cell(const struct export_form *f, const struct export_col *c,
    const struct export_data *d, char *buf, size_t len)
{
	const struct score_value	*v;
	int				 a;

	*buf = '\0';
	if (d == NULL)
		return;
	if (c->kind == EXPORT_COL_COMPLETE) {
		snprintf(buf, len, "%d", d->state == FORM_COMPLETED ? 2 : 0);
		return;
	}
	if (d->state != FORM_COMPLETED) {
		/* A checkbox has no missing code of its own: left empty. */
		if (c->kind != EXPORT_COL_CHOICE)
			snprintf(buf, len, EXPORT_NASK);
		return;
	}
	switch (c->kind) {
	case EXPORT_COL_DAY:
		snprintf(buf, len, "%lld", (long long)d->day);
		break;
	case EXPORT_COL_ITEM:
		a = d->result.answers.value[f->in->items[c->item].number];
		if (a == SCORE_MISSING)
			snprintf(buf, len, EXPORT_ASKU);
		else
			snprintf(buf, len, "%d", a);
		break;
	case EXPORT_COL_CHOICE:
		a = d->result.answers.value[f->in->items[c->item].number];
		if (a != SCORE_MISSING)
			snprintf(buf, len, "%d", (a >> c->choice) & 1);
		break;
	case EXPORT_COL_SCORE:
		v = c->score < d->result.nscores ?
		    &d->result.scores[c->score] : NULL;
		if (v == NULL || !v->complete)
			snprintf(buf, len, EXPORT_ASKU);
		else
			snprintf(buf, len, "%d", v->value);
		break;
	default:
		break;
	}
}

/* The dictionary's 18 columns, as REDCap names them. */
static const char *export_dict_header[] = {
	"Variable / Field Name", "Form Name", "Section Header", "Field Type",
	"Field Label", "Choices, Calculations, OR Slider Labels",
	"Field Note", "Text Validation Type OR Show Slider Number",
	"Text Validation Min", "Text Validation Max", "Identifier?",
	"Branching Logic (Show field only if...)", "Required Field?",
	"Custom Alignment", "Question Number (surveys only)",
	"Matrix Group Name", "Matrix Ranking?", "Field Annotation",
};

#define EXPORT_DICT_COLS	\
	(sizeof export_dict_header / sizeof export_dict_header[0])

/* One row of the dictionary: the columns that vary. */
struct export_dict {
	const char	*name;
	const char	*form;
	const char	*section;
	const char	*type;
	const char	*label;
	const char	*choices;
	const char	*note;
	const char	*validation;
	const char	*min;
	const char	*max;
	const char	*annotation;
};

/* export_dict_row writes one row of the dictionary. */
static void
export_dict_row(FILE *f, const struct export_dict *d)
{
	const char	*v[EXPORT_DICT_COLS];
	size_t		 i;
	bool		 first = true;

	memset(v, 0, sizeof v);
	v[0] = d->name;
	v[1] = d->form;
	v[2] = d->section;
	v[3] = d->type;
	v[4] = d->label;
	v[5] = d->choices;
	v[6] = d->note;
	v[7] = d->validation;
	v[8] = d->min;
	v[9] = d->max;
	v[17] = d->annotation;
	for (i = 0; i < EXPORT_DICT_COLS; i++)
		export_csv(f, v[i] != NULL ? v[i] : "", &first);
	export_csv_end(f, &first);
}

/* export_text is in's English text for key, or fallback. */
static const char *
export_text(const struct instrument *in, const char *key, const char *fallback)
{
	const char	*s;

	s = instrument_text(in, "en", key);
	return s != NULL && *s != '\0' ? s : fallback;
}

/*
 * export_choices builds an item's choices: "0, Not at all | 1, Several
 * days" for options, "1, Physical... | 2, ..." for a checklist.
 */
static char *
export_choices(const struct instrument *in, const struct instrument_item *it)
{
	char		*out, *t, *key, num[24];
	const char	*label;
	size_t		 i, n;

	out = xstrdup("");
	n = it->choices != NULL ? it->choices->len : it->options->len;
	for (i = 0; i < n; i++) {
		if (it->choices != NULL) {
			xasprintf(&key, "choice.%s.%s", it->choices->id,
			    it->choices->choices[i]);
			snprintf(num, sizeof num, "%zu", i + 1);
			label = export_text(in, key, it->choices->choices[i]);
		} else {
			xasprintf(&key, "option.%s.%d", it->options->id,
			    it->options->values[i]);
			snprintf(num, sizeof num, "%d", it->options->values[i]);
			label = export_text(in, key, num);
		}
		xasprintf(&t, "%s%s%s, %s", out, i > 0 ? " | " : "", num,
		    label);
		free(key);
		free(out);
		out = t;
	}
	return out;
}

/* export_dict_item writes the dictionary row of one item of in. */
static void
export_dict_item(FILE *f, const struct instrument *in,
    const struct instrument_item *it)
{
	struct export_dict	 d;
	char			 name[64], fallback[32], *key, *choices;

	memset(&d, 0, sizeof d);
	snprintf(name, sizeof name, "%s_%d", in->id, it->number);
	snprintf(fallback, sizeof fallback, "Item %d", it->number);
	xasprintf(&key, "item.%d", it->number);
	choices = export_choices(in, it);
	d.name = name;
	d.form = in->id;
	d.type = it->choices != NULL ? "checkbox" : "radio";
	d.label = export_text(in, key, fallback);
	d.choices = choices;
	d.note = it->choices != NULL ? "Checklist: 1 = chosen, 0 = not; "
	    "empty when the form was missed or the item skipped" :
	    EXPORT_MISSING_NOTE;
	export_dict_row(f, &d);
	free(key);
	free(choices);
}

/* export_dict_score writes the dictionary row of one score of in. */
static void
export_dict_score(FILE *f, const struct instrument *in,
    const struct instrument_score *sc)
{
	struct export_dict	 d;
	char			 name[64], min[16], max[16], *label, *note;

	memset(&d, 0, sizeof d);
	snprintf(name, sizeof name, "%s_%s", in->id, sc->id);
	snprintf(min, sizeof min, "%d", sc->min);
	snprintf(max, sizeof max, "%d", sc->max);
	xasprintf(&label, "%s %s score", in->name, sc->id);
	xasprintf(&note, "Computed by Mirall from the items (scoring "
	    "convention %s; offset %d, times %d). %s",
	    sc->convention != NULL ? sc->convention : "", sc->offset,
	    sc->times, EXPORT_MISSING_NOTE);
	d.name = name;
	d.form = in->id;
	d.type = "text";
	d.label = label;
	d.note = note;
	d.validation = "integer";
	d.min = min;
	d.max = max;
	d.annotation = "@READONLY";
	export_dict_row(f, &d);
	free(label);
	free(note);
}

/*
 * export_dictionary writes REDCap's data dictionary: record_id, then
 * per instrument its day, items and scores.  <form>_complete is not in
 * it: REDCap makes that field itself for every form.
 */
static int64_t
export_dictionary(FILE *f, const struct export *x)
{
	const struct instrument	*in;
	struct export_dict	 d;
	char			 name[64];
	size_t			 i, k;
	bool			 first = true;
	int64_t			 rows = 0;

	for (i = 0; i < EXPORT_DICT_COLS; i++)
		export_csv(f, export_dict_header[i], &first);
	export_csv_end(f, &first);
	memset(&d, 0, sizeof d);
	d.name = "record_id";
	d.form = x->forms[0].in->id;
	d.type = "text";
	d.label = "Record ID";
	d.note = "Pseudonymous, this study only: the first 10 characters "
	    "of base32(HMAC-SHA-256(study key, internal id))";
	export_dict_row(f, &d);
	rows++;
	for (i = 0; i < x->nforms; i++) {
		in = x->forms[i].in;
		memset(&d, 0, sizeof d);
		snprintf(name, sizeof name, "%s_day", in->id);
		d.name = name;
		d.form = in->id;
		d.section = export_text(in, "title", in->name);
		d.type = "text";
		d.label = "Days since enrolment when completed";
		d.note = "Whole days (24 hours) since enrolment. "
		    EXPORT_MISSING_NOTE;
		d.validation = "integer";
		d.min = "0";
		export_dict_row(f, &d);
		rows++;
		for (k = 0; k < in->nitems; k++, rows++)
			export_dict_item(f, in, &in->items[k]);
		for (k = 0; k < in->nscores; k++, rows++)
			export_dict_score(f, in, &in->scores[k]);
	}
	return rows;
}

/* export_long writes the records in long format. */
static void
export_long(FILE *f, const struct export *x)
{
	const struct export_form	*fm;
	char				 buf[32];
	size_t				 i, k, c;
	bool				 first = true;

	export_csv(f, "record_id", &first);
	export_csv(f, "redcap_event_name", &first);
	export_csv(f, "redcap_repeat_instrument", &first);
	export_csv(f, "redcap_repeat_instance", &first);
	for (k = 0; k < x->nforms; k++)
		for (c = 0; c < x->forms[k].ncols; c++)
			export_csv(f, x->forms[k].cols[c].name, &first);
	export_csv_end(f, &first);
	for (i = 0; i < x->nrows; i++) {
		export_csv(f, x->rows[i].record, &first);
		export_csv(f, x->rows[i].event, &first);
		export_csv(f, "", &first);
		export_csv(f, "", &first);
		for (k = 0; k < x->nforms; k++) {
			fm = &x->forms[k];
			for (c = 0; c < fm->ncols; c++) {
				export_cell(fm, &fm->cols[c],
				    x->rows[i].data[k], buf, sizeof buf);
				export_csv(f, buf, &first);
			}
		}
		export_csv_end(f, &first);
	}
}

/* An event of the wide file and the forms seen at it. */
struct export_wide_event {
	const char	*event;
	int		 order;
	bool		*forms;
};

/* export_wide_cmp orders the wide file's events. */
static int
export_wide_cmp(const void *a, const void *b)
{
	const struct export_wide_event	*x = a, *y = b;

	return (x->order > y->order) - (x->order < y->order);
}

/* export_wide_events lists the events of the rows, in order. */
static struct export_wide_event *
export_wide_events(const struct export *x, size_t *n)
{
	struct export_wide_event	*ev = NULL;
	size_t				 i, j, k;

	*n = 0;
	for (i = 0; i < x->nrows; i++) {
		for (j = 0; j < *n; j++)
			if (strcmp(ev[j].event, x->rows[i].event) == 0)
				break;
		if (j == *n) {
			ev = xreallocarray(ev, *n + 1, sizeof *ev);
			ev[j].event = x->rows[i].event;
			ev[j].order = x->rows[i].order;
			ev[j].forms = xcalloc(x->nforms, sizeof(bool));
			(*n)++;
		}
		for (k = 0; k < x->nforms; k++)
			if (x->rows[i].data[k] != NULL)
				ev[j].forms[k] = true;
	}
	if (*n > 1)
		qsort(ev, *n, sizeof *ev, export_wide_cmp);
	return ev;
}

/* export_short is event without its "_arm_N" ending. */
static void
export_short(const char *event, char *out, size_t len)
{
	const char	*arm;
	size_t		 n = strlen(event);

	arm = strstr(event, "_arm_");
	if (arm != NULL && arm[5] != '\0' &&
	    strspn(arm + 5, "0123456789") == strlen(arm + 5))
		n = (size_t)(arm - event);
	snprintf(out, len, "%.*s", (int)n, event);
}

/*
 * export_wide writes one row per record: each variable of each form
 * seen at an event, named <variable>_<event without _arm_1>.
 */
static int64_t
export_wide(FILE *f, const struct export *x)
{
	struct export_wide_event	*ev;
	const struct export_form	*fm;
	const struct export_row		*r;
	char				 name[192];
	char				 ev_short[STUDY_EVENT_MAX + 1];
	char				 buf[32];
	size_t				 nev, e, k, c, i, j;
	bool				 first = true;
	int64_t				 rows = 0;

	ev = export_wide_events(x, &nev);
	export_csv(f, "record_id", &first);
	for (e = 0; e < nev; e++) {
		export_short(ev[e].event, ev_short, sizeof ev_short);
		for (k = 0; k < x->nforms; k++) {
			if (!ev[e].forms[k])
				continue;
			for (c = 0; c < x->forms[k].ncols; c++) {
				snprintf(name, sizeof name, "%s_%s",
				    x->forms[k].cols[c].name, ev_short);
				export_csv(f, name, &first);
			}
		}
	}
	export_csv_end(f, &first);
	for (i = 0; i < x->nrows; i = j, rows++) {
		export_csv(f, x->rows[i].record, &first);
		for (j = i; j < x->nrows &&
		    strcmp(x->rows[j].record, x->rows[i].record) == 0; j++)
			;
		for (e = 0; e < nev; e++) {
			for (r = NULL, k = i; k < j; k++)
				if (strcmp(x->rows[k].event, ev[e].event) == 0)
					r = &x->rows[k];
			for (k = 0; k < x->nforms; k++) {
				if (!ev[e].forms[k])
					continue;
				fm = &x->forms[k];
				for (c = 0; c < fm->ncols; c++) {
					export_cell(fm, &fm->cols[c],
					    r != NULL ? r->data[k] : NULL,
					    buf, sizeof buf);
					export_csv(f, buf, &first);
				}
			}
		}
		export_csv_end(f, &first);
	}
	for (e = 0; e < nev; e++)
		free(ev[e].forms);
	free(ev);
	return rows;
}

/* export_engagement writes the engagement counts. */
static void
export_engagement(FILE *f, const struct export *x)
{
	char	buf[32];
	size_t	i;
	bool	first = true;

	export_csv(f, "record_id", &first);
	export_csv(f, "day", &first);
	export_csv(f, "event_type", &first);
	export_csv(f, "count", &first);
	export_csv_end(f, &first);
	for (i = 0; i < x->neng; i++) {
		export_csv(f, x->eng[i].record, &first);
		snprintf(buf, sizeof buf, "%lld", (long long)x->eng[i].e.day);
		export_csv(f, buf, &first);
		export_csv(f, x->eng[i].e.type, &first);
		snprintf(buf, sizeof buf, "%lld",
		    (long long)x->eng[i].e.count);
		export_csv(f, buf, &first);
		export_csv_end(f, &first);
	}
}

/* export_manifest_forms writes the instruments of the manifest. */
static void
export_manifest_forms(FILE *f, const struct export *x)
{
	const struct instrument	*in;
	size_t			 i, k;

	fprintf(f, "  \"instruments\": [\n");
	for (i = 0; i < x->nforms; i++) {
		in = x->forms[i].in;
		fprintf(f, "    {\"id\": ");
		text_json(f, in->id);
		fprintf(f, ", \"name\": ");
		text_json(f, in->name);
		fprintf(f, ", \"version\": %d, \"licence\": \"%s\", "
		    "\"scores\": {", in->version, in->licence ==
		    INSTRUMENT_FREE ? "free" : "operator");
		for (k = 0; k < in->nscores; k++) {
			fprintf(f, "%s", k > 0 ? ", " : "");
			text_json(f, in->scores[k].id);
			fprintf(f, ": {\"variable\": \"%s_%s\", "
			    "\"convention\": ", in->id, in->scores[k].id);
			text_json(f, in->scores[k].convention != NULL ?
			    in->scores[k].convention : "");
			fprintf(f, ", \"min\": %d, \"max\": %d}",
			    in->scores[k].min, in->scores[k].max);
		}
		fprintf(f, "}}%s\n", i + 1 < x->nforms ? "," : "");
	}
	fprintf(f, "  ],\n");
}

/* export_manifest_events writes the events seen, in order. */
static void
export_manifest_events(FILE *f, const struct export *x)
{
	struct export_wide_event	*ev;
	size_t				 nev, e;

	ev = export_wide_events(x, &nev);
	fprintf(f, "  \"event_map\": %s,\n", x->study->nevents > 0 ?
	    "\"the study's\"" : "\"default\"");
	fprintf(f, "  \"study_events\": [");
	for (e = 0; e < x->study->nevents; e++) {
		fprintf(f, "%s{\"window\": ", e > 0 ? ", " : "");
		text_json(f, x->study->events[e].window);
		fprintf(f, ", \"event\": ");
		text_json(f, x->study->events[e].event);
		fprintf(f, "}");
	}
	fprintf(f, "],\n  \"events\": [");
	for (e = 0; e < nev; e++) {
		fprintf(f, "%s", e > 0 ? ", " : "");
		text_json(f, ev[e].event);
		free(ev[e].forms);
	}
	fprintf(f, "],\n");
	free(ev);
}

/* export_manifest writes manifest.json. */
static void
export_manifest(FILE *f, const struct export *x, int64_t at, int64_t wide)
{
	char		when[32];
	time_t		t = (time_t)at;
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "{\n  \"study\": ");
	text_json(f, x->study->id);
	fprintf(f, ",\n  \"title\": ");
	text_json(f, x->study->title);
	fprintf(f, ",\n  \"protocol_version\": ");
	text_json(f, x->study->protocol);
	fprintf(f, ",\n  \"exported_at\": \"%s\",\n", when);
	fprintf(f, "  \"software\": \"%s %s\",\n", MIRALL_NAME,
	    MIRALL_VERSION);
	fprintf(f, "  \"record_id\": \"first 10 characters of base32("
	    "HMAC-SHA-256(study key, internal id)); this study only\",\n");
	fprintf(f, "  \"days\": \"whole days (24 hours) since enrolment\","
	    "\n");
	export_manifest_forms(f, x);
	export_manifest_events(f, x);
	fprintf(f, "  \"missing_codes\": {\"NASK\": \"not asked: the form "
	    "was missed\", \"ASKU\": \"asked but unknown: the item was "
	    "skipped\"},\n");
	fprintf(f, "  \"complete_codes\": {\"0\": \"incomplete: the form "
	    "was missed\", \"2\": \"complete\"},\n");
	fprintf(f, "  \"participants\": %zu,\n", x->records);
	fprintf(f, "  \"rows\": {\"%s_datadictionary.csv\": %lld, "
	    "\"%s_long.csv\": %zu, \"%s_wide.csv\": %lld, "
	    "\"%s_engagement.csv\": %zu}\n}\n", x->study->id,
	    (long long)x->fields, x->study->id, x->nrows, x->study->id,
	    (long long)wide, x->study->id, x->neng);
}

/* export_open creates file k of the export, 0600, never replacing one. */
static FILE *
export_open(struct export *x, enum export_file k, char **err)
{
	FILE	*f;
	int	 fd;

	if ((fd = open(x->paths[k], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		export_fail(err, errno == EEXIST ? ST_EXISTS : ST_IOERR,
		    "%s: %s", x->paths[k], strerror(errno));
		return NULL;
	}
	x->made[k] = true;
	if ((f = fdopen(fd, "w")) == NULL)
		fatalx("fdopen: %s", strerror(errno));
	return f;
}

/* export_close flushes and closes f, failing on any write error. */
static int
export_close(FILE *f, const char *path, char **err)
{
	int	bad;

	bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (fclose(f) != 0 || bad)
		return export_fail(err, ST_IOERR, "%s: cannot write",
		    path);
	return ST_OK;
}

/* export_dir makes dir (0700) or accepts an existing one holding no export. */
static int
export_dir(struct export *x, const char *dir, char **err)
{
	static const char	*names[EXPORT_FILES] = {
		"%s/%s_datadictionary.csv", "%s/%s_long.csv",
		"%s/%s_wide.csv", "%s/%s_engagement.csv", "%s/manifest.json%s"
	};
	struct stat		 sb;
	size_t			 k;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return export_fail(err, ST_IOERR, "%s: %s", dir,
		    strerror(errno));
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return export_fail(err, ST_INVALID, "%s: not a directory", dir);
	for (k = 0; k < EXPORT_FILES; k++) {
		if (k == EXPORT_MANIFEST)
			xasprintf(&x->paths[k], names[k], dir, "");
		else
			xasprintf(&x->paths[k], names[k], dir, x->study->id);
		if (access(x->paths[k], F_OK) == 0)
			return export_fail(err, ST_EXISTS, "%s: holds an "
			    "export already; choose a new directory", dir);
	}
	return ST_OK;
}

/* export_write writes the five files. */
static int
export_write(struct export *x, int64_t at, char **err)
{
	FILE	*f;
	int64_t	 wide = 0;
	int	 st = ST_OK;
	size_t	 k;

	for (k = 0; k < EXPORT_FILES && st == ST_OK; k++) {
		if ((f = export_open(x, (enum export_file)k, err)) == NULL)
			return ST_IOERR;
		switch (k) {
		case EXPORT_DICTIONARY:
			x->fields = export_dictionary(f, x);
			break;
		case EXPORT_LONG:
			export_long(f, x);
			break;
		case EXPORT_WIDE:
			wide = export_wide(f, x);
			break;
		case EXPORT_ENGAGEMENT:
			export_engagement(f, x);
			break;
		case EXPORT_MANIFEST:
			export_manifest(f, x, at, wide);
			break;
		}
		st = export_close(f, x->paths[k], err);
	}
	return st;
}

/* export_record stores the export's row and its audit row. */
static int
export_record(struct db *db, const struct actor *actor, struct export *x,
    const char *dir, int64_t at)
{
	char	*detail;
	int64_t	 id;
	int	 st;

	xasprintf(&detail, "%s: %zu records, %zu rows, %zu events",
	    x->study->id, x->records, x->nrows, x->neng);
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = studies_add_export(db, x->study->id, actor->operator ? 0 :
	    actor->id, at, dir, (int64_t)x->records, (int64_t)x->nrows,
	    (int64_t)x->neng, &id)) != ST_OK ||
	    (st = audit_record(db, actor, "export.study", "study_export", id,
	    NULL, detail, true)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	free(detail);
	return st;
}

/* export_clear frees x, removing the files of a failed export. */
static void
export_clear(struct export *x, bool failed)
{
	size_t	k;

	for (k = 0; k < EXPORT_FILES; k++) {
		if (failed && x->made[k])
			unlink(x->paths[k]);
		free(x->paths[k]);
	}
	export_rows_free(x);
	for (k = 0; k < x->nforms; k++)
		free(x->forms[k].cols);
	free(x->forms);
	free(x->eng);
	study_free(x->study);
}

/* export_allowed tells whether actor may export: operator, researchers. */
static bool
export_allowed(const struct actor *actor)
{
	struct target	t = TARGET_NONE;

	if (actor->operator)
		return true;
	t.research_consent = true;
	return role_may(actor, ACT_RESEARCH_EXPORT, &t);
}

/* export_denied audits a refused export. */
static void
export_denied(struct db *db, const struct actor *actor, const char *study)
{
	if (db_begin(db) != ST_OK)
		return;
	if (audit_record(db, actor, "export.study", "study", 0, NULL, study,
	    false) != ST_OK) {
		db_rollback(db);
		return;
	}
	(void)db_commit(db);
}

/*
 * export_study writes study's export into dir for the operator or a
 * researcher (see the top of the file); *counts says what was written,
 * *err (allocated) what went wrong.  An existing export is never
 * overwritten.
 */
int
export_study(struct db *db, const struct conf *conf, const struct actor *actor,
    const char *study, const char *dir, struct export_counts *counts,
    char **err)
{
	struct export	x;
	int64_t		at = db_now();
	int		st;

	*err = NULL;
	memset(counts, 0, sizeof *counts);
	memset(&x, 0, sizeof x);
	if (!export_allowed(actor)) {
		export_denied(db, actor, study);
		return export_fail(err, ST_DENIED, "only a researcher or the "
		    "operator exports a study");
	}
	if ((st = study_get(db, study, &x.study)) != ST_OK) {
		export_fail(err, st, "%s: %s", study, st == ST_NOTFOUND ?
		    "no such study" : status_str(st));
		goto out;
	}
	if ((st = export_forms_make(&x, err)) != ST_OK ||
	    (st = export_collect(db, conf, &x, err)) != ST_OK)
		goto out;
	if (x.nrows > 1)
		qsort(x.rows, x.nrows, sizeof *x.rows, export_row_cmp);
	if (x.neng > 1)
		qsort(x.eng, x.neng, sizeof *x.eng, export_eng_cmp);
	if ((st = export_dir(&x, dir, err)) != ST_OK ||
	    (st = export_write(&x, at, err)) != ST_OK)
		goto out;
	if ((st = export_record(db, actor, &x, dir, at)) != ST_OK) {
		export_fail(err, st, "%s: %s", study, status_str(st));
		goto out;
	}
	counts->records = (int64_t)x.records;
	counts->rows = (int64_t)x.nrows;
	counts->events = (int64_t)x.neng;
	counts->fields = x.fields;
out:
	export_clear(&x, st != ST_OK);
	return st;
}
