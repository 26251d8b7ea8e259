/*
 * patient_view.c: a professional's view of one patient in her care: care
 * level and its history, care team, the latest score of each
 * questionnaire with its band and change from baseline, open alerts, due
 * and missed forms, her self-help adherence; from here the charts, her
 * programme, the alerts, sending a questionnaire, changing the care level
 * and writing to her.
 * bbs/caseload.c lets only her care team in, and audits the view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* patient_view_care adds the care level, its history and the team. */
static void
patient_view_care(int64_t patient, char **s)
{
	struct care_level_change	*h = NULL;
	struct care_member		*team = NULL;
	size_t				 nh = 0, nt = 0, i;
	char				 when[64], *names;

	if (care_levels_history(ui->db, patient, &h, &nh) == ST_OK &&
	    nh > 0) {
		ui_format_local(h[nh - 1].at, when, sizeof when);
		ui_appendf(s, _("Care level: %s (since %s)"),
		    care_level_label(h[nh - 1].level), when);
		for (i = nh - 1; i-- > 0;) {
			ui_format_local(h[i].at, when, sizeof when);
			ui_appendf(s, _("    before: %s (from %s)"),
			    care_level_label(h[i].level), when);
		}
	} else
		ui_appendf(s, _("Care level: %s"),
		    care_level_label(CARE_MONITORING));
	care_levels_free(h, nh);
	names = xstrdup("");
	if (care_team_list(ui->db, patient, &team, &nt) == ST_OK) {
		for (i = 0; i < nt; i++) {
			char *t;

			xasprintf(&t, "%s%s%s", names, i > 0 ? ", " : "",
			    team[i].pseudonym);
			free(names);
			names = t;
		}
	}
	ui_appendf(s, _("Care team: %s"), names);
	free(names);
	care_members_free(team, nt);
}

/*
 * patient_view_programme adds her self-help adherence in one line:
 * sessions done of those assigned and her last activity.
 */
static void
patient_view_programme(int64_t patient, char **s)
{
	struct adherence	a;
	char			when[64];

	memset(&a, 0, sizeof a);
	if (programme_adherence(ui->db, &ui->actor, patient, &a) != ST_OK)
		return;
	if (a.modules_assigned == 0) {
		ui_appendf(s, "%s", _("Self-help: no module assigned"));
		return;
	}
	if (a.last_activity == 0)
		ui_appendf(s, _("Self-help: %lld of %lld sessions done, no "
		    "activity yet"), (long long)a.sessions_completed,
		    (long long)a.sessions_assigned);
	else {
		ui_format_date(a.last_activity, when, sizeof when);
		ui_appendf(s, _("Self-help: %lld of %lld sessions done, last "
		    "activity %s"), (long long)a.sessions_completed,
		    (long long)a.sessions_assigned, when);
	}
}

static const int patient_view_widths[] = { 16, 4, 13, 11, 0 };

/*
 * patient_view_scores adds the latest score of each questionnaire, with
 * its change from her first (from caseload_open, read with the view).
 */
static void
patient_view_scores(const struct caseload_score *sc, char **s)
{
	const struct instrument		*in;
	const struct score_value	*v, *b;
	const char			*band, *cells[5];
	char				 when[64], key[128], change[96];
	char				 row[512], *value;
	size_t				 i, k;
	bool				 any = false;

	ui_appendf(s, "\n%s", _("Latest scores (change from the "
	    "first):"));
	for (i = 0; i < instrument_count(); i++) {
		in = instrument_at(i);
		k = instrument_primary(in);
		if (!sc[i].has || in->nscores == 0 ||
		    !(v = &sc[i].latest.scores[k])->complete)
			continue;
		any = true;
		snprintf(key, sizeof key, "band.%s.%s", v->score->id,
		    v->band != NULL ? v->band : "");
		band = instrument_text(in, ui->me->language, key);
		change[0] = '\0';
		b = &sc[i].base.scores[k];
		if (sc[i].has_base && b->complete)
			snprintf(change, sizeof change, score_change(in, k,
			    b->value, v->value) != 0 ? _("%+d reliable") :
			    "%+d", v->value - b->value);
		ui_format_date(sc[i].at, when, sizeof when);
		xasprintf(&value, "%d", v->value);
		cells[0] = in->name;
		cells[1] = value;
		cells[2] = change;
		cells[3] = when;
		cells[4] = band != NULL ? band : "";
		ui_columns(row, sizeof row, patient_view_widths, cells, 5);
		ui_appendf(s, "%s", row);
		free(value);
	}
	if (!any)
		ui_appendf(s, "  %s", _("none yet"));
}

/* patient_view_name is an instrument's short name ("PHQ-9"). */
static const char *
patient_view_name(const char *id)
{
	const struct instrument	*in;

	return (in = instrument_find(id)) != NULL ? in->name : id;
}

/* patient_view_forms adds the alerts and the due and missed forms. */
static void
patient_view_forms(int64_t patient, char **s)
{
	static const int	 open_st[] = { FORM_DUE, FORM_PARTIAL };
	static const int	 missed_st[] = { FORM_MISSED };
	struct alert		**alerts = NULL;
	struct form		**forms = NULL;
	char			 when[64];
	size_t			 n = 0, i;

	ui_appendf(s, "\n%s", _("Open alerts:"));
	if (alert_queue(ui->db, &ui->actor, patient, &alerts, &n) == ST_OK) {
		for (i = 0; i < n; i++)
			ui_appendf(s, "  %s: %s",
			    alert_priority_label(alerts[i]->priority),
			    alert_rule_label(alerts[i]->rule));
	}
	if (n == 0)
		ui_appendf(s, "  %s", _("no open alerts"));
	alerts_free_list(alerts, n);
	ui_appendf(s, "\n%s", _("Forms due now:"));
	n = 0;
	if (forms_list(ui->db, patient, open_st, 2, &forms, &n) == ST_OK) {
		for (i = 0; i < n; i++) {
			ui_format_last_day(forms[i]->closes_at, when,
			    sizeof when);
			ui_appendf(s, _("  %-8s open until %s"),
			    patient_view_name(forms[i]->instrument), when);
		}
	}
	if (n == 0)
		ui_appendf(s, "  %s", _("nothing due"));
	forms_free_list(forms, n);
	ui_appendf(s, "\n%s", _("Missed forms:"));
	n = 0;
	if (forms_list(ui->db, patient, missed_st, 1, &forms, &n) == ST_OK) {
		for (i = 0; i < n; i++) {
			ui_format_last_day(forms[i]->closes_at, when,
			    sizeof when);
			ui_appendf(s, _("  %-8s was open until %s"),
			    patient_view_name(forms[i]->instrument), when);
		}
	}
	if (n == 0)
		ui_appendf(s, "  %s", _("nothing missed"));
	forms_free_list(forms, n);
}

/* patient_view_send lets the professional send a questionnaire now. */
static int
patient_view_send(int64_t patient)
{
	struct menu_item	 items[26];
	const struct instrument	*in;
	char			*why = NULL;
	size_t			 i, n;
	int			 sel = 0, choice, st, rc;

	/* Only what can be given: HADS waits for the operator's text. */
	for (i = n = 0; i < instrument_count() && n < 26; i++) {
		in = instrument_at(i);
		if (instrument_available(in, "en", &why) != ST_OK) {
			free(why);
			why = NULL;
			continue;
		}
		items[n] = (struct menu_item){ 'a' + (wint_t)n, in->name,
		    (int)i };
		n++;
	}
	choice = menu_run(_("Send a questionnaire"), _("It opens for the "
	    "patient now, and she is told."), items, n, &sel);
	if (choice == MENU_QUIT)
		return -1;
	if (choice < 0)
		return 0;
	st = quest_send(ui->db, ui->conf, &ui->actor, patient,
	    instrument_at((size_t)choice)->id, &why);
	if (st == ST_OK)
		rc = ui_notice(_("Send a questionnaire"), _("Sent."));
	else
		rc = ui_notice_status(st, why);
	free(why);
	return rc;
}

/* patient_view_level lets the professional change the care level. */
static int
patient_view_level(int64_t patient)
{
	struct menu_item	items[CARE_LEVEL_COUNT];
	int			i, sel = 0, choice, st;

	for (i = 0; i < CARE_LEVEL_COUNT; i++)
		items[i] = (struct menu_item){ '1' + i, care_level_label(i),
		    i };
	choice = menu_run(_("Care level"), _("The questionnaire schedule "
	    "follows the care level."), items, CARE_LEVEL_COUNT, &sel);
	if (choice == MENU_QUIT)
		return -1;
	if (choice < 0)
		return 0;
	st = care_set_level(ui->db, &ui->actor, patient, choice);
	if (st == ST_EXISTS)
		return 0;
	return st == ST_OK ? 0 : ui_notice_status(st, NULL);
}

/*
 * patient_view_run shows patient's view to a professional caring for
 * her; anyone else sees "not found".  -1 when the session is ending.
 */
int
patient_view_run(int64_t patient)
{
	struct account		*a = NULL;
	struct caseload_score	*sc = NULL;
	char			*text, *title;
	wint_t			 key;
	int			 st, rc;

	for (;;) {
		if ((st = caseload_open(ui->db, ui->conf, &ui->actor, patient,
		    &a, &sc)) != ST_OK)
			return ui_notice_status(st, NULL) == -1 ? -1 : 0;
		text = xstrdup("");
		patient_view_care(patient, &text);
		patient_view_programme(patient, &text);
		patient_view_scores(sc, &text);
		patient_view_forms(patient, &text);
		xasprintf(&title, _("Patient: %s"), a->pseudonym);
		rc = pager_run_keys(title, text, _("g charts · p programme · "
		    "a alerts · f plan · s send · l level · t team · "
		    "m message"), "gpafsltm", &key);
		free(title);
		free(text);
		if (rc == PAGER_KEY) {
			if (key == 'g')
				rc = progress_run(patient, a->pseudonym);
			else if (key == 'p')
				rc = programme_patient_run(patient,
				    a->pseudonym);
			else if (key == 'a')
				rc = alert_queue_run(patient);
			else if (key == 'f')
				rc = safety_plan_show_run(patient,
				    a->pseudonym);
			else if (key == 's')
				rc = patient_view_send(patient);
			else if (key == 't')
				rc = care_team_run(patient, a->pseudonym);
			else if (key == 'm')
				rc = conversation_new_run(a->pseudonym);
			else
				rc = patient_view_level(patient);
			rc = rc == -1 ? -1 : PAGER_KEY;
		}
		account_free(a);
		a = NULL;
		free(sc);
		sc = NULL;
		if (rc != PAGER_KEY)
			break;
	}
	return rc == -1 ? -1 : 0;
}
