/*
 * crisis_card.c: the crisis card, "Help now": where to get help at once.
 * The card itself is a data file per language in content/crisis/, read
 * by bbs/crisis.c; if it cannot be read, the emergency number is still
 * shown, because this screen must never come up empty.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ui.h"

/* crisis_card_language is the language the card is shown in. */
static const char *
crisis_card_language(void)
{
	if (ui->me != NULL && ui->me->language[0] != '\0')
		return ui->me->language;
	if (ui->conf != NULL && ui->conf->default_language != NULL)
		return ui->conf->default_language;
	return "en";
}

/*
 * crisis_card_fallback shows the short card when the full one could not
 * be read.  The technical reason goes to the log, not to someone who may
 * be in distress.
 */
static int
crisis_card_fallback(const char *card, const char *err)
{
	char	*text;
	int	 rc;

	if (err != NULL)
		log_warn("crisis card: %s", err);
	xasprintf(&text, "%s\n\n%s", card != NULL ? card : _("If you are in "
	    "danger now, call 112. For suicidal thoughts, call 024 (24 h, "
	    "free)."), _("The full list of places to call could not be "
	    "shown just now; the numbers above always work."));
	rc = dialog_message(_("Help now"), text);
	free(text);
	return rc;
}

/*
 * crisis_card_run shows the crisis card; it returns 0, or -1 when the
 * session is ending.
 */
int
crisis_card_run(void)
{
	char	*text = NULL, *err = NULL;
	int	 rc;

	if (ui->conf == NULL || crisis_card(ui->conf, crisis_card_language(),
	    &text, &err) != ST_OK || text == NULL)
		rc = crisis_card_fallback(text, err);
	else
		rc = pager_run(_("Help now"), text,
		    _("↑↓ scroll · Esc back"));
	free(text);
	free(err);
	return rc == -1 ? -1 : 0;
}
