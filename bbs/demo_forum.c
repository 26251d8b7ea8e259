/*
 * demo_forum.c: the demo community's boards, threads and posts, read from
 * content/demo/forum.txt (format in content/demo/README.md).
 *
 * Everything goes through the same domain functions members use, so the
 * demo obeys the limits and the checks: a demo post the pattern checks
 * would hold is an error in the file, reported with its line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

struct demo_forum {
	struct db		*db;
	const struct conf	*conf;
	const char		*path;
	struct account		*admin;
	struct board		 board;		/* being described */
	bool			 board_open;	/* described, not created */
	int64_t			 board_id;
	int64_t			 thread_id;
	char			*author;	/* post being read */
	char			*title;		/* NULL: a reply */
	char			*body;
	int			 line;		/* being read */
	int			 start;		/* where the post started */
};

/* demo_forum_roles parses a list of role names into a mask. */
static int
demo_forum_roles(const char *list, unsigned *mask)
{
	char	*copy, *word, *save = NULL;
	int	 r, st = ST_OK;

	*mask = 0;
	copy = xstrdup(list);
	for (word = strtok_r(copy, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		if ((r = role_parse(word)) < 0) {
			st = ST_INVALID;
			break;
		}
		*mask |= ROLE_BIT(r);
	}
	free(copy);
	return st;
}

/* demo_forum_board creates the board described so far, if any. */
static int
demo_forum_board(struct demo_forum *f, char **err)
{
	struct actor	admin;
	char		*why = NULL;
	int		 st;

	if (!f->board_open)
		return ST_OK;
	f->board_open = false;
	account_actor(f->admin, "local", &admin);
	f->board.id = 0;
	if ((st = board_save(f->db, &admin, &f->board, &why)) != ST_OK) {
		xasprintf(err, "%s: board %s: %s", f->path,
		    f->board.name != NULL ? f->board.name : "?",
		    why != NULL ? why : status_str(st));
		free(why);
		return st;
	}
	f->board_id = f->board.id;
	return ST_OK;
}

/* demo_forum_trim removes blank lines around a body, in place. */
static void
demo_forum_trim(char *s)
{
	size_t	n, skip;

	skip = strspn(s, "\n");
	memmove(s, s + skip, strlen(s + skip) + 1);
	n = strlen(s);
	while (n > 0 && s[n - 1] == '\n')
		s[--n] = '\0';
}

/*
 * demo_forum_approve has the demo moderator approve a post that waits only
 * because its board is pre-moderated; any other hold is an error in the
 * file.
 */
static int
demo_forum_approve(struct demo_forum *f, const struct post_result *res,
    char **err)
{
	struct account	*mod = NULL;
	struct actor	 actor;
	int		 st;

	if (res->state == POST_VISIBLE)
		return ST_OK;
	if (res->hold != POST_HOLD_PREMODERATED) {
		xasprintf(err, "%s:%d: the text checks would hold this post "
		    "for a moderator; reword it", f->path, f->start);
		return ST_INVALID;
	}
	if ((st = accounts_find(f->db, "jordi", &mod)) != ST_OK) {
		xasprintf(err, "%s: the demo needs its moderator", f->path);
		return st;
	}
	account_actor(mod, "local", &actor);
	if ((st = mod_approve(f->db, &actor, res->post_id)) != ST_OK)
		xasprintf(err, "%s:%d: approving: %s", f->path, f->start,
		    status_str(st));
	account_free(mod);
	return st;
}

/* demo_forum_post writes the post being read, if any. */
static int
demo_forum_post(struct demo_forum *f, char **err)
{
	struct account		*a = NULL;
	struct actor		 actor;
	struct post_result	 res;
	char			*why = NULL;
	int			 st;

	if (f->author == NULL)
		return ST_OK;
	demo_forum_trim(f->body);
	if ((st = accounts_find(f->db, f->author, &a)) != ST_OK) {
		xasprintf(err, "%s:%d: no demo account %s", f->path, f->start,
		    f->author);
		goto out;
	}
	account_actor(a, "local", &actor);
	if (f->title != NULL)
		st = forum_new_thread(f->db, f->conf, &actor, f->board_id,
		    f->title, f->body, &res, &why);
	else
		st = forum_reply(f->db, f->conf, &actor, f->thread_id, f->body,
		    &res, &why);
	if (st != ST_OK) {
		xasprintf(err, "%s:%d: %s", f->path, f->start,
		    why != NULL ? why : status_str(st));
		goto out;
	}
	if ((st = demo_forum_approve(f, &res, err)) != ST_OK)
		goto out;
	f->thread_id = res.thread_id;
out:
	free(why);
	account_free(a);
	free(f->author);
	free(f->title);
	free(f->body);
	f->author = f->title = f->body = NULL;
	return st;
}

/* demo_forum_start begins a thread or a reply by author. */
static int
demo_forum_start(struct demo_forum *f, const char *args, bool thread,
    char **err)
{
	const char	*sp;
	int		 st;

	if ((st = demo_forum_post(f, err)) != ST_OK ||
	    (st = demo_forum_board(f, err)) != ST_OK)
		return st;
	if (f->board_id == 0 || (!thread && f->thread_id == 0)) {
		xasprintf(err, "%s:%d: %s before any %s", f->path, f->line,
		    thread ? "@thread" : "@reply", thread ? "@board" :
		    "@thread");
		return ST_INVALID;
	}
	sp = strchr(args, ' ');
	if (thread && (sp == NULL || sp[1] == '\0')) {
		xasprintf(err, "%s:%d: @thread needs an author and a title",
		    f->path, f->line);
		return ST_INVALID;
	}
	f->start = f->line;
	f->author = thread ? xstrndup(args, (size_t)(sp - args)) :
	    xstrdup(args);
	f->title = thread ? xstrdup(sp + 1) : NULL;
	f->body = xstrdup("");
	return ST_OK;
}

/* demo_forum_board_line handles @board and the lines describing it. */
static int
demo_forum_board_line(struct demo_forum *f, const char *key,
    const char *args, char **err)
{
	int	st;

	if (strcmp(key, "board") == 0) {
		if ((st = demo_forum_post(f, err)) != ST_OK ||
		    (st = demo_forum_board(f, err)) != ST_OK)
			return st;
		free(f->board.name);
		free(f->board.description);
		memset(&f->board, 0, sizeof f->board);
		f->board.name = xstrdup(args);
		f->board.description = xstrdup("");
		f->board_open = true;
		f->board_id = f->thread_id = 0;
		return ST_OK;
	}
	if (!f->board_open)
		st = ST_INVALID;
	else if (strcmp(key, "description") == 0) {
		free(f->board.description);
		f->board.description = xstrdup(args);
		st = ST_OK;
	} else if (strcmp(key, "read") == 0)
		st = demo_forum_roles(args, &f->board.read_roles);
	else if (strcmp(key, "post") == 0)
		st = demo_forum_roles(args, &f->board.post_roles);
	else if (strcmp(key, "premoderated") == 0) {
		f->board.premoderated = strcmp(args, "yes") == 0;
		st = strcmp(args, "yes") == 0 || strcmp(args, "no") == 0 ?
		    ST_OK : ST_INVALID;
	} else
		st = ST_INVALID;
	if (st != ST_OK)
		xasprintf(err, "%s:%d: bad @%s line", f->path, f->line, key);
	return st;
}

/* demo_forum_line handles one line of the file. */
static int
demo_forum_line(struct demo_forum *f, char *line, char **err)
{
	char	*key, *args, *s;

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == '#')
		return ST_OK;
	if (line[0] != '@') {
		if (f->author == NULL) {
			if (line[0] == '\0')
				return ST_OK;
			xasprintf(err, "%s:%d: text outside a post", f->path,
			    f->line);
			return ST_INVALID;
		}
		xasprintf(&s, "%s%s\n", f->body, line);
		free(f->body);
		f->body = s;
		return ST_OK;
	}
	key = line + 1;
	args = key + strcspn(key, " ");
	if (*args != '\0')
		*args++ = '\0';
	if (strcmp(key, "thread") == 0 || strcmp(key, "reply") == 0)
		return demo_forum_start(f, args, key[0] == 't', err);
	return demo_forum_board_line(f, key, args, err);
}

/*
 * demo_forum_load reads the demo forum file at path and creates its boards
 * and posts; *err names the file and line of a problem.
 */
int
demo_forum_load(struct db *db, const struct conf *conf, const char *path,
    char **err)
{
	struct demo_forum	 f;
	FILE			*fp;
	char			*line = NULL;
	size_t			 cap = 0;
	int			 st = ST_OK, lineno = 0;

	*err = NULL;
	memset(&f, 0, sizeof f);
	f.db = db;
	f.conf = conf;
	f.path = path;
	if ((st = accounts_find(db, "admin", &f.admin)) != ST_OK) {
		xasprintf(err, "%s: the demo needs its admin account", path);
		return st;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		account_free(f.admin);
		return ST_IOERR;
	}
	while (st == ST_OK && getline(&line, &cap, fp) != -1) {
		f.line = ++lineno;
		st = demo_forum_line(&f, line, err);
	}
	if (st == ST_OK && (st = demo_forum_post(&f, err)) == ST_OK)
		st = demo_forum_board(&f, err);
	free(line);
	fclose(fp);
	free(f.author);
	free(f.title);
	free(f.body);
	free(f.board.name);
	free(f.board.description);
	account_free(f.admin);
	return st;
}
