/*
 * keys.c: the bytes of the keys the script presses.
 *
 * The server's curses matches keys against the terminfo entry of the
 * TERM the client asked for, in keypad-transmit mode, so a key is sent
 * exactly as that entry spells it.  The benchmark runs on loopback, so the
 * local terminfo database is the server's.  This file alone includes
 * <term.h>, whose macros (lines, columns...) would clash elsewhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Before <term.h>: its macro "bell" would rewrite <vterm.h>. */
#include "loadgen.h"

#include <curses.h>
#include <term.h>

static char	*keys[LGK_COUNT];

/* keys_cap returns a copy of capability cap, or NULL when it has none. */
static char *
keys_cap(const char *cap)
{
	char	*s;

	s = tigetstr(cap);
	if (s == NULL || s == (char *)-1 || *s == '\0')
		return NULL;
	return strdup(s);
}

/*
 * keys_load looks the keys up for term.  Without a terminfo entry it uses
 * xterm's; a key the entry lacks (vt100 has no PgDn) stays NULL.
 */
int
keys_load(const char *term)
{
	int	err = 0;

	keys[LGK_ESC] = strdup("\033");
	if (setupterm(term, STDERR_FILENO, &err) != OK) {
		lg_note("no terminfo entry for %s: sending xterm's keys", term);
		keys[LGK_DOWN] = strdup("\033OB");
		keys[LGK_UP] = strdup("\033OA");
		keys[LGK_PGDN] = strdup("\033[6~");
		return 0;
	}
	keys[LGK_DOWN] = keys_cap("kcud1");
	keys[LGK_UP] = keys_cap("kcuu1");
	keys[LGK_PGDN] = keys_cap("knp");
	del_curterm(cur_term);
	if (keys[LGK_PGDN] == NULL)
		lg_note("terminal %s has no PgDn key (knp): the page step is "
		    "skipped", term);
	if (keys[LGK_DOWN] == NULL || keys[LGK_UP] == NULL) {
		lg_note("terminal %s has no Up or Down key", term);
		return -1;
	}
	return 0;
}

/* key_bytes returns the bytes of key k, or NULL when the terminal has none. */
const char *
key_bytes(enum lg_key k)
{
	return keys[k];
}
