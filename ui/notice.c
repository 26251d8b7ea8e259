/*
 * notice.c: small helpers the screens share to tell the user what
 * happened, in their language.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ui.h"

/* ui_notice shows a message box; it returns -1 when the session ends. */
int
ui_notice(const char *title, const char *text)
{
	return dialog_message(title, text);
}

/*
 * ui_notice_status explains a failed action: why when the domain layer
 * gave a reason, otherwise a plain sentence for the status code.
 */
int
ui_notice_status(int st, const char *why)
{
	const char	*text;

	if (why != NULL)
		return dialog_message(_("Not done"), why);
	switch (st) {
	case ST_DENIED:
		text = _("You are not allowed to do that.");
		break;
	case ST_NOTFOUND:
		text = _("That no longer exists.");
		break;
	case ST_BUSY:
		text = _("Mirall is busy. Please try again in a moment.");
		break;
	case ST_INVALID:
		text = _("That value is not valid.");
		break;
	default:
		text = _("Something went wrong and nothing was changed. "
		    "Please try again; if it keeps happening, tell the "
		    "service's administrators.");
		break;
	}
	return dialog_message(_("Not done"), text);
}

/* ui_role_label is a role's name in the user's language. */
const char *
ui_role_label(int role)
{
	return _(role_label(role));
}

/* ui_format_time formats a UTC time for lists; 0 is "never". */
void
ui_format_time(int64_t t, char *buf, size_t len)
{
	time_t	tt = (time_t)t;

	if (t == 0) {
		snprintf(buf, len, "%s", _("never"));
		return;
	}
	strftime(buf, len, "%Y-%m-%d %H:%M", gmtime(&tt));
}

/* notice_strftime formats t in the deployment's time zone; 0 is "-". */
static void
notice_strftime(int64_t t, const char *fmt, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (t == 0 || localtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "%s", "-");
		return;
	}
	strftime(buf, len, fmt, &tm);
}

/*
 * ui_format_local formats a time in the deployment's time zone, for the
 * dates of questionnaires and alert targets: "2026-12-01 17:00".
 */
void
ui_format_local(int64_t t, char *buf, size_t len)
{
	notice_strftime(t, "%Y-%m-%d %H:%M", buf, len);
}

/*
 * ui_format_last_day gives the last day a window closing at t is open,
 * in the deployment's time zone: a form closing at midnight starting the
 * 5th is open "until 2026-12-04".
 */
void
ui_format_last_day(int64_t t, char *buf, size_t len)
{
	if (t == 0)
		snprintf(buf, len, "%s", "-");
	else
		ui_format_date(t - 1, buf, len);
}

/* ui_format_date gives t's date in the deployment's time zone. */
void
ui_format_date(int64_t t, char *buf, size_t len)
{
	notice_strftime(t, "%Y-%m-%d", buf, len);
}

/* ui_appendf appends a formatted line (and its newline) to *s. */
void
ui_appendf(char **s, const char *fmt, ...)
{
	va_list	 ap;
	char	*line, *t;

	va_start(ap, fmt);
	xvasprintf(&line, fmt, ap);
	va_end(ap);
	xasprintf(&t, "%s%s\n", *s, line);
	free(line);
	free(*s);
	*s = t;
}

/* ui_format_duration formats a span of time: "12 min", "2 h 5 min", "3 d". */
void
ui_format_duration(int64_t secs, char *buf, size_t len)
{
	if (secs < 60)
		snprintf(buf, len, "%s", _("< 1 min"));
	else if (secs < 3600)
		snprintf(buf, len, _("%d min"), (int)(secs / 60));
	else if (secs < 86400)
		snprintf(buf, len, _("%d h %d min"), (int)(secs / 3600),
		    (int)(secs % 3600 / 60));
	else
		snprintf(buf, len, _("%lld d"), (long long)(secs / 86400));
}
