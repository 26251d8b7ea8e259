/*
 * instrument_int.h: what the files of the questionnaire engine share
 * (instrument.c: the registry and the common parsing helpers;
 * instrument_def.c: definition files; instrument_text.c: string files).
 */
#ifndef INSTRUMENT_INT_H
#define INSTRUMENT_INT_H

#include "bbs.h"

#define INSTRUMENT_FILE_MAX	(1024 * 1024)	/* bytes of one file */
#define INSTRUMENT_VALUE_MAX	1000	/* |option value|, |offset| */
#define INSTRUMENT_TIMES_MAX	100
#define INSTRUMENT_MAX_OPTIONS	32	/* values of one option set */
#define INSTRUMENT_PERIOD_MAX	366
#define INSTRUMENT_DIR		"questionnaires"

/* The texts of one language, sorted by key. */
struct instrument_strings {
	char		*lang;
	char		*file;
	char		**keys;
	char		**texts;
	size_t		 len;
};

/* Where the parser is: file, line, and the error it fills. */
struct instrument_parse {
	const char	*path;
	int		 line;
	char		**err;
	/* Lines of directives checked at the end of the file. */
	int		 band_line[INSTRUMENT_MAX_SCORES][64];
	int		 score_line[INSTRUMENT_MAX_SCORES];
	int		 cutoff_line[INSTRUMENT_MAX_SCORES];
	bool		 seen_instrument, seen_version, seen_name;
	bool		 seen_period, seen_licence, seen_citation;
};

int	 instrument_fail(struct instrument_parse *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
bool	 instrument_id_valid(const char *);
bool	 instrument_int(const char *, long, long, int *);
bool	 instrument_double(const char *, double *);
size_t	 instrument_split(char *, char **, size_t, size_t, char **);
char	*instrument_next_line(char **, int *);
void	 instrument_free(struct instrument *);
void	 instrument_list_free(struct instrument **, size_t);
void	 instrument_strings_free(struct instrument_strings *);

/* instrument_def.c */
struct instrument_options *instrument_options_find(const struct instrument *,
	    const char *);
struct instrument_choices *instrument_choices_find(const struct instrument *,
	    const char *);
int	 instrument_parse_def(const char *, const char *, struct instrument **,
	    char **);

/* instrument_text.c */
const char *instrument_strings_get(const struct instrument_strings *,
	    const char *);
int	 instrument_parse_strings(const char *, const struct instrument *,
	    const char *, struct instrument_strings **, char **);

#endif
