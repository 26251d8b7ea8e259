/*
 * mirror_profile.c: "My expert profile", where an expert patient ticks
 * the topics she can talk about from her own experience and says whether
 * she is available now.  Professionals propose mirror experiences only to
 * available experts, those whose topics match first.  Nothing is stored
 * until she saves; bbs/mirror.c checks that she is an expert patient.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* The profile as she edits it. */
struct mirror_profile_view {
	unsigned	topics;		/* bit t: enum mirror_topic t */
	bool		available;
	bool		changed;
};

/* mirror_profile_row formats a topic with its tick, or the availability. */
static void
mirror_profile_row(void *arg, size_t i, char *buf, size_t len)
{
	struct mirror_profile_view	*v = arg;

	if (i < MIRROR_TOPIC_COUNT)
		snprintf(buf, len, "%zu  [%s] %s", i + 1,
		    v->topics & (1u << i) ? "x" : " ",
		    _(mirror_topic_label((int)i)));
	else
		snprintf(buf, len, "v  %s", v->available ?
		    _("Available now: yes") : _("Available now: no"));
}

/* mirror_profile_toggle ticks or unticks row i. */
static void
mirror_profile_toggle(struct mirror_profile_view *v, size_t i)
{
	if (i < MIRROR_TOPIC_COUNT)
		v->topics ^= 1u << i;
	else
		v->available = !v->available;
	v->changed = true;
}

/*
 * mirror_profile_save stores the profile; 1 saved, 0 not (she was told
 * why), -1 when the session is ending.
 */
static int
mirror_profile_save(struct mirror_profile_view *v)
{
	int	st;

	if ((st = mirror_profile_set(ui->db, &ui->actor, v->topics,
	    v->available)) != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	v->changed = false;
	return ui_notice(_("My expert profile"), _("Your expert profile is "
	    "saved.")) == -1 ? -1 : 1;
}

/*
 * mirror_profile_leave asks whether to save changes on the way out; 1
 * leave, 0 stay, -1 when the session is ending.
 */
static int
mirror_profile_leave(struct mirror_profile_view *v)
{
	int	rc;

	if (!v->changed)
		return 1;
	rc = dialog_confirm(_("My expert profile"), _("Save your changes?"));
	if (rc == -1)
		return -1;
	if (rc == 0)
		return 1;
	return mirror_profile_save(v) == -1 ? -1 : 1;
}

/*
 * mirror_profile_key acts on a key: a number ticks that topic, v the
 * availability, s saves.  It returns 1 to leave, 0 to go on, -1 when
 * the session is ending.
 */
static int
mirror_profile_key(struct mirror_profile_view *v, wint_t key)
{
	if (key >= '1' && key < (wint_t)('1' + MIRROR_TOPIC_COUNT))
		mirror_profile_toggle(v, (size_t)(key - '1'));
	else if (key == 'v')
		mirror_profile_toggle(v, MIRROR_TOPIC_COUNT);
	else if (key == 's')
		return mirror_profile_save(v);
	return 0;
}

/* mirror_profile_run edits her expert profile; -1 ends the session. */
int
mirror_profile_run(void)
{
	struct mirror_profile_view	 v;
	struct expert_profile		 p;
	struct list			 l;
	char				 help[256];
	size_t				 sel = 0;
	wint_t				 key = 0;
	int				 st, rc = 0;

	memset(&p, 0, sizeof p);
	st = mirror_profile_get(ui->db, &ui->actor, &p);
	if (st != ST_OK && st != ST_NOTFOUND)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	memset(&v, 0, sizeof v);
	v.topics = st == ST_OK ? p.topics : 0;
	v.available = st == ST_OK && p.available;
	free(p.pseudonym);
	memset(&l, 0, sizeof l);
	l.title = _("My expert profile");
	l.header = _("The topics you can talk about from your own experience");
	snprintf(help, sizeof help, _("1-%d tick · v available · s save · "
	    "Esc back"), MIRROR_TOPIC_COUNT);
	l.help = help;
	l.n = MIRROR_TOPIC_COUNT + 1;
	l.row = mirror_profile_row;
	l.arg = &v;
	while (rc == 0) {
		switch (list_run(&l, &sel, &key)) {
		case LIST_QUIT:
			rc = -1;
			break;
		case LIST_BACK:
			rc = mirror_profile_leave(&v);
			break;
		case LIST_SELECT:
			mirror_profile_toggle(&v, sel);
			break;
		default:
			rc = mirror_profile_key(&v, key);
			break;
		}
	}
	return rc == -1 ? -1 : 0;
}
