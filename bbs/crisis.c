/*
 * crisis.c: the crisis card, the numbers to call for help now.
 *
 * content/crisis/<lang>.txt holds the card in each language, English the
 * fallback; lines starting with '#' are notes for staff and never shown.
 * Staff re-check the numbers and the "last verified" date in the files.
 *
 * The service's staffed hours are the config's (staffed_hours), one fact
 * in one place: each card says where they go with CRISIS_HOURS, which is
 * replaced by the hours in the reader's language.
 *
 * The card is shown when someone may be at risk, so a missing or broken
 * file must never leave the screen empty: crisis_card then also returns a
 * short built-in card with the two numbers that matter most.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define CRISIS_MAX_BYTES	(64 * 1024)
#define CRISIS_HOURS		"{staffed_hours}"

/* The languages the interface offers; each has its own card. */
static const char *const crisis_langs[] = { "en", "es", "ca" };

/* crisis_read reads path, drops the '#' lines and checks what is left. */
static char *
crisis_read(const char *path, char **err)
{
	FILE	*f;
	char	*line = NULL, *buf = NULL, *out;
	size_t	 cap = 0, len = 0, start;
	ssize_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(CRISIS_MAX_BYTES + 1);
	while ((n = getline(&line, &cap, f)) != -1) {
		if (line[0] == '#')
			continue;
		if (len + (size_t)n > CRISIS_MAX_BYTES) {
			xasprintf(err, "%s: larger than %d bytes", path,
			    CRISIS_MAX_BYTES);
			goto fail;
		}
		memcpy(buf + len, line, n);
		len += n;
	}
	if (ferror(f)) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	buf[len] = '\0';
	if (!text_is_valid_utf8(buf, len)) {
		xasprintf(err, "%s: not valid UTF-8", path);
		goto fail;
	}
	/* No blank lines before or after the card. */
	start = strspn(buf, "\r\n");
	while (len > start && strchr("\r\n \t", buf[len - 1]) != NULL)
		buf[--len] = '\0';
	if (len == start) {
		xasprintf(err, "%s: the card is empty", path);
		goto fail;
	}
	out = text_sanitise(buf + start, true);
	free(buf);
	free(line);
	fclose(f);
	return out;
fail:
	free(buf);
	free(line);
	fclose(f);
	return NULL;
}

/* crisis_hours puts the staffed hours in place of CRISIS_HOURS. */
static char *
crisis_hours(const struct conf *conf, char *text)
{
	char	*at, *hours, *out;

	if ((at = strstr(text, CRISIS_HOURS)) == NULL)
		return text;
	hours = staffed_describe(&conf->staffed);
	xasprintf(&out, "%.*s%s%s", (int)(at - text), text, hours,
	    at + strlen(CRISIS_HOURS));
	free(hours);
	free(text);
	return out;
}

/*
 * crisis_card sets *text to the crisis card in lang (English when lang is
 * not offered or its file is missing or broken) and returns ST_OK.  If
 * even the English card cannot be read, it returns ST_IOERR with *err as
 * "FILE: reason", and *text is still set, to a short built-in card: the
 * caller shows it and logs *err.  The caller frees both.
 */
int
crisis_card(const struct conf *conf, const char *lang, char **text,
    char **err)
{
	char	*path = NULL;

	*text = NULL;
	*err = NULL;
	if (account_language_valid(lang) && strcmp(lang, "en") != 0) {
		xasprintf(&path, "%s/crisis/%s.txt", conf->content_dir, lang);
		*text = crisis_read(path, err);
		free(path);
		if (*text != NULL) {
			*text = crisis_hours(conf, *text);
			return ST_OK;
		}
		log_warn("%s; showing the English crisis card", *err);
		free(*err);
		*err = NULL;
	}
	xasprintf(&path, "%s/crisis/en.txt", conf->content_dir);
	*text = crisis_read(path, err);
	free(path);
	if (*text != NULL) {
		*text = crisis_hours(conf, *text);
		return ST_OK;
	}
	*text = xstrdup(_("If you are in danger now, call 112. For suicidal "
	    "thoughts, call 024 (24 h, free)."));
	return ST_IOERR;
}

/*
 * crisis_check reads the card of every language, as bbsd -t and bbsctl
 * check do, so that a missing or broken card is found before someone in
 * crisis needs it.  Every card must give the emergency number, 112, and
 * the staffed hours.  On
 * failure *err is "FILE: reason" (allocated).
 */
int
crisis_check(const struct conf *conf, char **err)
{
	char	*path, *text;
	size_t	 i;

	*err = NULL;
	for (i = 0; i < sizeof crisis_langs / sizeof crisis_langs[0]; i++) {
		xasprintf(&path, "%s/crisis/%s.txt", conf->content_dir,
		    crisis_langs[i]);
		text = crisis_read(path, err);
		if (text != NULL && strstr(text, "112") == NULL)
			xasprintf(err, "%s: the card does not give 112", path);
		else if (text != NULL && strstr(text, CRISIS_HOURS) == NULL)
			xasprintf(err, "%s: the card does not say where the "
			    "staffed hours go (%s)", path, CRISIS_HOURS);
		free(path);
		if (text == NULL || *err != NULL) {
			free(text);
			return ST_IOERR;
		}
		free(text);
	}
	return ST_OK;
}
