/*
 * rules.c: the community rules and data-use statement every account
 * accepts at first login, read from content/rules/.
 *
 * content/rules/version holds one integer; raising it asks everyone to
 * accept again.  Each language has its own file; English is the fallback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define RULES_MAX_BYTES	(256 * 1024)

/* rules_load reads the version and the text in lang (or English). */
int
rules_load(const struct conf *conf, const char *lang, struct rules *r,
    char **err)
{
	char	*path = NULL, *raw = NULL, *end;
	long	 v;

	memset(r, 0, sizeof *r);
	*err = NULL;
	xasprintf(&path, "%s/rules/version", conf->content_dir);
	raw = text_read_file(path, RULES_MAX_BYTES, err);
	if (raw == NULL)
		goto fail;
	v = strtol(raw, &end, 10);
	if (end == raw || (*end != '\0' && *end != '\n') || v < 1 ||
	    v > 1000000) {
		xasprintf(err, "%s:1: expected a positive whole number", path);
		goto fail;
	}
	r->version = (int)v;
	free(raw);
	free(path);
	xasprintf(&path, "%s/rules/%s.txt", conf->content_dir,
	    account_language_valid(lang) ? lang : "en");
	if ((raw = text_read_file(path, RULES_MAX_BYTES, err)) == NULL) {
		free(*err);
		*err = NULL;
		free(path);
		xasprintf(&path, "%s/rules/en.txt", conf->content_dir);
		if ((raw = text_read_file(path, RULES_MAX_BYTES, err)) == NULL)
			goto fail;
	}
	if (!text_is_valid_utf8(raw, strlen(raw))) {
		xasprintf(err, "%s: not valid UTF-8", path);
		goto fail;
	}
	r->text = text_sanitise(raw, true);
	free(raw);
	free(path);
	return ST_OK;
fail:
	free(raw);
	free(path);
	return ST_IOERR;
}

/* rules_clear frees the text. */
void
rules_clear(struct rules *r)
{
	free(r->text);
	r->text = NULL;
}
