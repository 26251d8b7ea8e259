/*
 * ui.h: the text interface.  Only ui/ talks to a terminal.
 *
 * Model: each screen and widget runs its own small loop, reading keys with
 * ui_getkey() and returning a result to its caller.  Whatever is on screen
 * is described by a stack of layers (ui_push/ui_pop); on a resize ui_getkey
 * redraws every layer, bottom to top, before it returns KEY_RESIZE, so a
 * dialog over a list survives a window change.
 *
 * All user-provided text reaches the terminal through ui_put_text(), which
 * passes it through the one sanitiser (text_sanitise) first.
 */
#ifndef UI_H
#define UI_H

#include <curses.h>
#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "../bbs/bbs.h"

/* Keys ui_getkey returns besides characters and KEY_* codes. */
#define UI_KEY_QUIT	(KEY_MAX + 1)	/* session ending: unwind to main */
#define UI_KEY_TICK	(KEY_MAX + 2)	/* nothing typed; data may change */

/* Colour pairs (monochrome terminals fall back to attributes). */
enum ui_color {
	UI_C_NORMAL = 0,
	UI_C_TITLE,
	UI_C_STATUS,
	UI_C_SELECT,
	UI_C_HOTKEY,
	UI_C_ERROR,
	UI_C_DIALOG,
	UI_C_DIM,
};

/* The one UI state of this process. */
struct ui {
	struct conf	*conf;
	struct db	*db;
	struct account	*me;		/* NULL on the sign-up screen */
	struct actor	 actor;
	char		 source[64];
	bool		 color;
	bool		 quit;		/* set once the session must end */
	int64_t		 last_input;
	int64_t		 started;
	bool		 idle_warned;
};

extern struct ui	*ui;

/* ui.c: terminal set-up, key reading, layers, frame. */
int	 ui_init(void);
void	 ui_end(void);
int	 ui_getkey(wint_t *);
void	 ui_push(void (*)(void *), void *);
void	 ui_pop(void);
void	 ui_redraw(void);
void	 ui_frame(const char *, const char *);
void	 ui_status(const char *);
void	 ui_flash(const char *);
int	 ui_put_text(int, int, const char *, int);
int	 ui_put_plain(int, int, const char *, int, int);
int	 ui_text_width(const char *);
attr_t	 ui_attr(enum ui_color);
void	 ui_set_language(const char *);
const char *ui_language_name(const char *);
bool	 ui_key_is_back(int, wint_t);
bool	 ui_key_is_enter(int, wint_t);
void	 ui_box(int, int, int, int, const char *);
int	 ui_put_wrapped(int, int, const char *, int, int, int);

/* Text wrapping shared by the pager and the editor. */
struct ui_line {
	size_t	start;		/* byte offset into the text */
	size_t	len;		/* bytes on this line */
};
size_t	 ui_wrap(const char *, int, struct ui_line **);

/* menu.c: a vertical menu; every entry has a hotkey shown on screen. */
struct menu_item {
	wint_t		 hotkey;
	const char	*label;		/* already translated */
	int		 id;
};

#define MENU_BACK	(-1)
#define MENU_QUIT	(-2)
int	 menu_run(const char *, const char *, const struct menu_item *,
	    size_t, int *);

/*
 * list.c: a scrolling list of rows built on demand.  list_run returns
 * LIST_SELECT (Enter on *sel), LIST_BACK (Esc, q, left), LIST_KEY (any
 * other key, in *key, for the caller to act on) or LIST_QUIT.
 */
enum list_result { LIST_SELECT, LIST_BACK, LIST_KEY, LIST_QUIT };

struct list {
	const char	*title;
	const char	*header;	/* column heading line, or NULL */
	const char	*help;		/* key help for the status line */
	size_t		 n;
	void		(*row)(void *, size_t, char *, size_t);
	void		*arg;
	const char	*empty;		/* shown when n == 0 */
};

int	 list_run(struct list *, size_t *, wint_t *);

/*
 * A list screen reloads its rows before every showing, so what it shows is
 * never stale after an action.  load fills the rows and sets list.n (and
 * may change the title) and returns a status; unload frees the rows and
 * must accept being called when nothing is loaded; act handles Enter
 * (select true) or another key on row sel, and returns -1 when the
 * session is ending; it may move sel.  Embed it first in the screen's own
 * state.
 */
struct list_screen {
	struct list	  list;
	size_t		  sel;
	int		(*load)(struct list_screen *);
	void		(*unload)(struct list_screen *);
	int		(*act)(struct list_screen *, size_t, wint_t, bool);
};

int	 list_screen_run(struct list_screen *);

/* pager.c: scroll through a long text (wrapped to the window). */
#define PAGER_KEY	2	/* pager_run_keys: one of the extra keys */
int	 pager_run(const char *, const char *, const char *);
int	 pager_run_keys(const char *, const char *, const char *,
	    const char *, wint_t *);
int	 pager_run_from(const char *, const char *, const char *,
	    const char *, wint_t *, bool);

/*
 * form.c: labelled single-line fields.  Each value is a UTF-8 buffer of
 * size bytes, edited in place; masked fields show '*'.  form_run returns
 * 1 when submitted (Enter on the last field, or Ctrl-S), 0 when cancelled
 * (Esc), -1 when the session is ending.
 */
struct field {
	const char	*label;
	char		*value;
	size_t		 size;		/* bytes, including the NUL */
	size_t		 max_chars;	/* code points */
	bool		 masked;
};

int	 form_run(const char *, const char *, struct field *, size_t,
	    const char *);

/*
 * editor.c: a multi-line text editor.  *text is replaced on save (1);
 * unchanged on cancel (0); -1 when the session is ending.
 */
int	 editor_run(const char *, char **, size_t);

/* textbuf.c: the editor's buffer, a wide-character array, no curses. */
struct textbuf {
	wchar_t	*s;
	size_t	 len;
	size_t	 cap;
	size_t	 cursor;	/* index into s */
	size_t	 max;		/* characters at most */
};

void	 textbuf_init(struct textbuf *, const char *, size_t);
void	 textbuf_free(struct textbuf *);
bool	 textbuf_insert(struct textbuf *, wchar_t);
bool	 textbuf_backspace(struct textbuf *);
bool	 textbuf_delete(struct textbuf *);
void	 textbuf_left(struct textbuf *);
void	 textbuf_right(struct textbuf *);
void	 textbuf_home(struct textbuf *);
void	 textbuf_end(struct textbuf *);
void	 textbuf_up(struct textbuf *, int);
void	 textbuf_down(struct textbuf *, int);
char	*textbuf_text(const struct textbuf *);
size_t	 textbuf_wrap(const struct textbuf *, int, size_t **);
size_t	 textbuf_line_of(const size_t *, size_t, size_t);

/* dialog.c: confirmation and message boxes over the current screen. */
int	 dialog_confirm(const char *, const char *);
int	 dialog_message(const char *, const char *);

/* session.c: one logged-in session, from notices to the main menu. */
int	 ui_login(int64_t);
void	 ui_session_run(void);

/* notice.c: telling the user what happened. */
int	 ui_notice(const char *, const char *);
int	 ui_notice_status(int, const char *);
const char *ui_role_label(int);
void	 ui_format_time(int64_t, char *, size_t);
void	 ui_format_duration(int64_t, char *, size_t);
void	 ui_format_local(int64_t, char *, size_t);
void	 ui_format_last_day(int64_t, char *, size_t);
void	 ui_format_date(int64_t, char *, size_t);
void	 ui_appendf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* columns.c: aligned list rows and headings. */
void	 ui_columns(char *, size_t, const int *, const char **, size_t);

/* Screens. */
int	 login_local_run(void);
int	 signup_run(void);
int	 rules_accept_run(void);
int	 force_password_run(void);
int	 main_menu_run(void);
int	 account_screen_run(void);
int	 account_password_run(bool);
int	 account_keys_run(void);
int	 account_language_run(void);
int	 admin_menu_run(void);
int	 admin_accounts_run(void);
int	 admin_account_view_run(int64_t);
int	 admin_invites_run(void);
int	 admin_audit_run(int64_t);

/* Community screens: boards, threads, posts (board_list.c, thread_*.c). */
int	 boards_run(void);
int	 board_edit_run(int64_t);
int	 thread_list_run(int64_t);
int	 thread_view_run(int64_t, int64_t);
int	 post_report_run(int64_t);
int	 crisis_card_run(void);

/* "Help now" (help_now.c): Ctrl-G on every screen; the safety plan. */
#define UI_KEY_HELP_NOW	0x07		/* Ctrl-G */
int	 help_now_run(void);
int	 safety_plan_run(void);
int	 safety_plan_show_run(int64_t, const char *);
int	 post_compose_thread(int64_t, int64_t *, int64_t *);
int	 post_compose_reply(int64_t, const char *, int64_t *);
int	 post_compose_edit(const struct post *, const char *);
void	 thread_list_author(char *, size_t, const char *, int);
const char *thread_view_state(int);

/* Moderation, notifications, search (mod_*.c, notifications.c, search.c). */
int	 mod_queue_run(void);
int	 mod_hide_run(int64_t);
int	 mod_suspend_run(int64_t, const char *);
int	 mod_move_run(int64_t);
int	 mod_report_run(void);
int	 notifications_run(void);
int	 search_screen_run(void);

/* The information library (library.c). */
int	 library_run(void);

/* Questionnaires, alerts and the professional's view (issue 5). */
int	 quest_take_run(int64_t);
int	 quest_list_run(void);
int	 progress_run(int64_t, const char *);
int	 alert_queue_run(int64_t);
int	 caseload_run(void);
int	 patient_view_run(int64_t);
int	 care_team_run(int64_t, const char *);
int	 library_article_run(int64_t);

/* Private conversations (conversation_list.c, conversation_view.c). */
int	 conversation_list_run(void);
int	 conversation_view_run(int64_t);
int	 conversation_new_run(const char *);
int	 msg_reports_run(void);
void	 conversation_list_with(const struct conversation *, char *, size_t);
void	 conversation_list_waited(int64_t, char *, size_t);
void	 conversation_view_append(char **, const struct message *);

/* Mirror experiences (mirror_*.c). */
int	 mirror_run(void);
int	 mirror_profile_run(void);
int	 mirror_view_run(int64_t);
int	 mirror_request_run(void);
int	 mirror_list_propose(const struct mirror_request *);

/* Self-help modules (programme_*.c, module_*.c, journal.c). */
int	 programme_run(void);
int	 programme_patient_run(int64_t, const char *);
int	 programme_pro_answers_run(int64_t, const char *);
void	 programme_pro_answers_render(char **, const struct module *,
	    const struct exercise_answer *);
int	 journal_run(void);

/*
 * module_session.c: a laid-out text with rows to choose, the view of the
 * patient's programme, a module, a session's pages and an exercise.  build
 * adds the lines (module_session_blocks for module text, with headings,
 * lists and *emphasis*; module_session_text for user text) each time the
 * width changes; module_session_item makes the lines that follow one row
 * to choose, numbered from 0 (-1: none).  module_session_view returns
 * MV_SELECT on Enter (sel: the row, -1 when none is on screen), MV_BACK,
 * MV_KEY (any key it does not use, in rc and key; Left and Right too when
 * pages is set) or MV_QUIT.  sel and top are kept between calls.
 */
struct module_lines;
enum module_view_result { MV_QUIT = -1, MV_BACK = 0, MV_SELECT, MV_KEY };

struct module_view {
	const char	*title;
	const char	*help;
	bool		 pages;		/* Left and Right come back as keys */
	bool		 fit;		/* sel only if it shows from the top */
	void		(*build)(struct module_lines *, void *);
	void		*arg;
	int		 sel;		/* row chosen, in and out; -1: none */
	size_t		 top;		/* first line shown, in and out */
	int		 rc;		/* MV_KEY: OK or KEY_CODE_YES */
	wint_t		 key;
};

int	 module_session_view(struct module_view *);
void	 module_session_blocks(struct module_lines *, const char *);
void	 module_session_para(struct module_lines *, const char *,
	    const char *, int, int);
char	*module_session_unmarked(const char *);
void	 module_session_text(struct module_lines *, const char *, int, int);
void	 programme_list_fallback(struct module_lines *,
	    const struct programme_item *, int);
void	 module_session_blank(struct module_lines *);
void	 module_session_item(struct module_lines *, int);
bool	 module_session_ascii(void);
int	 module_session_run(const struct programme_item *, size_t);

/* module_exercise.c: one exercise, its answer and its feedback. */
int	 module_exercise_run(const struct programme_item *,
	    const struct module_exercise *);
void	 module_exercise_summary(const struct module_exercise *,
	    const struct exercise_answer *, char *, size_t);
const char *module_exercise_kind(int);
bool	 module_exercise_number(const char *, int, int *);
bool	 module_exercise_yesno(const char *, int *);

/* consent_screen.c: consent per purpose, at first login and in Account. */
int	 consent_first_run(void);
int	 consent_screen_run(void);

/* access_log.c: who on the staff looked at my data, and when. */
int	 access_log_run(void);

/* research.c: a researcher's studies, exports and outcome dashboard. */
int	 research_run(void);
int	 outcome_dashboard_run(enum outcome_scope, const char *);

/* outcome_dashboard.c: the dashboard's text, without curses. */
enum outcome_figure {
	OUTCOME_FIG_CHANGE = 0,	/* a signed mean change, in points */
	OUTCOME_FIG_MEAN,	/* a mean per patient */
	OUTCOME_FIG_HOURS,	/* a median, in hours */
};

void	 outcome_dashboard_share(const struct outcome_share *, bool, char *,
	    size_t);
void	 outcome_dashboard_mean(const struct outcome_mean *,
	    enum outcome_figure, char *, size_t);
bool	 outcome_dashboard_bar(const struct outcome_share *, int, bool,
	    char **, char **);
char	*outcome_dashboard_text(const struct outcome_report *, const char *,
	    int, bool);

/* admin_studies.c: research studies, registered by administrators. */
int	 admin_studies_run(void);

#endif
