/*
 * progress.c: the course of a patient's scores, one chart per
 * questionnaire she has answered, with the band boundaries and reliable
 * change from her first answer (the baseline) marked.  The patient sees
 * her own when the deployment shows scores; a professional sees those of
 * the patients in her care (bbs/questionnaire.c checks both, and audits
 * a professional's view).  'a' switches to plain ASCII for terminals
 * that cannot show the block characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static bool	progress_ascii;		/* the last choice, this session */

/* progress_chart appends the chart of one instrument's first score. */
static void
progress_chart(const struct instrument *in, const struct quest_point *pts,
    size_t n, int width, char **text)
{
	size_t				 p = instrument_primary(in);
	const struct instrument_score	*s = &in->scores[p];
	struct chart_point		*cp;
	struct chart_band		*cb;
	struct chart			 c;
	char				 key[128], *t, **lines;
	const char			*label;
	size_t				 i, k, nl;

	cp = xcalloc(n, sizeof *cp);
	for (i = k = 0; i < n; i++) {
		if (!pts[i].result.scores[p].complete)
			continue;
		cp[k].t = pts[i].at;
		cp[k].value = pts[i].result.scores[p].value;
		if (k > 0)
			cp[k].change = score_change(in, p, cp[0].value,
			    cp[k].value);
		k++;
	}
	cb = xcalloc(s->nbands + 1, sizeof *cb);
	for (i = 0; i < s->nbands; i++) {
		snprintf(key, sizeof key, "band.%s.%s", s->id, s->bands[i].id);
		label = instrument_text(in, ui->me->language, key);
		cb[i].low = s->bands[i].low;
		cb[i].high = s->bands[i].high;
		cb[i].label = label != NULL ? label : s->bands[i].id;
	}
	memset(&c, 0, sizeof c);
	c.title = in->name;
	c.min = s->min;
	c.max = s->max;
	c.bands = cb;
	c.nbands = s->nbands;
	c.points = cp;
	c.npoints = k;
	lines = chart_render(&c, width, !progress_ascii, &nl);
	for (i = 0; i < nl; i++) {
		xasprintf(&t, "%s%s\n", *text, lines[i]);
		free(*text);
		*text = t;
	}
	xasprintf(&t, "%s\n", *text);
	free(*text);
	*text = t;
	chart_free(lines, nl);
	free(cb);
	free(cp);
}

/*
 * progress_text builds the charts of every questionnaire patient has
 * answered; ST_OK with "" when none.
 */
static int
progress_text(int64_t patient, int width, char **text)
{
	const struct instrument	*in;
	struct quest_point	*pts;
	size_t			 i, n;
	int			 st;

	*text = xstrdup("");
	for (i = 0; i < instrument_count(); i++) {
		in = instrument_at(i);
		if (in->nscores == 0)
			continue;
		if ((st = quest_history(ui->db, ui->conf, &ui->actor, patient,
		    in->id, &pts, &n)) != ST_OK)
			return st;
		if (n > 0)
			progress_chart(in, pts, n, width, text);
		quest_points_free(pts, n);
	}
	return ST_OK;
}

/*
 * progress_run shows patient's charts (her own, or one in the actor's
 * care; who is named in the title); 0 back, -1 when the session ends.
 */
int
progress_run(int64_t patient, const char *who)
{
	char	*text = NULL, *title;
	wint_t	 key;
	int	 st, rc;

	for (;;) {
		free(text);
		if ((st = progress_text(patient, COLS - 4 > 40 ? COLS - 4 :
		    40, &text)) != ST_OK) {
			free(text);
			return ui_notice_status(st, st == ST_DENIED ?
			    _("This service does not show scores to "
			    "patients.") : NULL) == -1 ? -1 : 0;
		}
		if (*text == '\0') {
			free(text);
			return ui_notice(_("Progress"), _("No questionnaires "
			    "answered yet.")) == -1 ? -1 : 0;
		}
		if (who != NULL)
			xasprintf(&title, _("Progress: %s"), who);
		else
			title = xstrdup(_("My progress"));
		rc = pager_run_keys(title, text, progress_ascii ?
		    _("↑↓ scroll · a: block characters · Esc back") :
		    _("↑↓ scroll · a: plain ASCII · Esc back"), "a", &key);
		free(title);
		if (rc != 2)
			break;
		progress_ascii = !progress_ascii;
	}
	free(text);
	return rc == -1 ? -1 : 0;
}
