/*
 * bbsctl.h: what the files of the administrator's command line share.
 * bbsctl.c holds the common commands and main; each ctl_*.c file holds
 * the commands of one concern (consent, studies and exports, reports,
 * patients' rights).
 */
#ifndef BBSCTL_H
#define BBSCTL_H

#define EXIT_USAGE	2

struct ctl {
	struct conf	*conf;
	struct db	*db;
	struct actor	 op;
	char		 opname[64];
};

void	 usage(void) __attribute__((noreturn));
int	 fail(const char *, ...) __attribute__((format(printf, 1, 2)));
const char *ctl_option(int, char **, const char *);
int	 ctl_open_db(struct ctl *, bool);
int	 ctl_find(struct ctl *, const char *, struct account **);
int	 ctl_keys(struct ctl *, bool);
int	 ctl_clinical(struct ctl *);

/* ctl_consent.c */
int	 cmd_consent(struct ctl *, int, char **);

/* ctl_study.c */
int	 cmd_study(struct ctl *, int, char **);
int	 cmd_export(struct ctl *, int, char **);

/* ctl_report.c */
int	 cmd_report(struct ctl *, int, char **);

/* ctl_rights.c */
int	 cmd_export_patient(struct ctl *, int, char **);
int	 cmd_forget(struct ctl *, int, char **);

#endif
