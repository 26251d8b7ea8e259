/*
 * test_patterns.c: the anonymity and risk checks on the SHIPPED pattern
 * files, and the crisis card.
 *
 * The shipped files are read from content/ in the source tree (the tests
 * run from its root, as tests/run does), so a change to a pattern file is
 * tested here before it reaches anyone.  Every kind has phrases it must
 * catch and ordinary ones, above all the everyday language of living with
 * cancer, that it must leave alone.  Broken files, the match limits and
 * the crisis card's fallback use small content directories made in /tmp.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define CONTACT		PAT_BIT(PAT_CONTACT)
#define RISK		PAT_BIT(PAT_RISK)
#define BANNED		PAT_BIT(PAT_BANNED)
#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

/* The longest a check on hostile text may take, even under sanitizers. */
#define SLOW_SECONDS	3.0

static struct conf	*conf;		/* content_dir: the shipped content */
static struct conf	*tconf;		/* content_dir: tmpdir */
static char		 tmpdir[] = "/tmp/test_patterns.XXXXXX";

/* load_shipped loads the shipped pattern files, which must compile. */
static void
load_shipped(void)
{
	char	*err = NULL;

	if (patterns_load(conf, &err) != ST_OK)
		fail_msg("shipped patterns: %s", err);
	assert_null(err);
}

/* tmp_write writes text to name under the temporary content directory. */
static void
tmp_write(const char *name, const char *text)
{
	char	*path;
	FILE	*f;

	xasprintf(&path, "%s/%s", tmpdir, name);
	assert_non_null(f = fopen(path, "w"));
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	free(path);
}

/* tmp_remove removes name under the temporary content directory. */
static void
tmp_remove(const char *name)
{
	char	*path;

	xasprintf(&path, "%s/%s", tmpdir, name);
	unlink(path);
	free(path);
}

/* tmp_patterns writes the three pattern files of the temporary content. */
static void
tmp_patterns(const char *contact, const char *risk, const char *banned)
{
	tmp_write("patterns/contact.txt", contact);
	tmp_write("patterns/risk.txt", risk);
	tmp_write("patterns/banned.txt", banned);
}

/*
 * expect checks each text: the kinds in mask that it matches must be
 * exactly want.  A failure names the text.
 */
static void
expect(const char *const *texts, size_t n, unsigned mask, unsigned want)
{
	unsigned	got;
	size_t		i;

	for (i = 0; i < n; i++) {
		got = patterns_check(texts[i]) & mask;
		if (got != want)
			fail_msg("\"%s\": found %#x, expected %#x", texts[i], got,
			    want);
	}
}

/* seconds_since returns the seconds elapsed since start. */
static double
seconds_since(const struct timespec *start)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* repeat returns unit repeated until the result has len bytes or so. */
static char *
repeat(const char *unit, size_t len)
{
	char	*s;
	size_t	 u = strlen(unit), o = 0;

	s = xmalloc(len + u + 1);
	while (o < len) {
		memcpy(s + o, unit, u);
		o += u;
	}
	s[o] = '\0';
	return s;
}

/* Checking text before the patterns were loaded is a bug: it aborts. */
static void
test_not_loaded_aborts(void **state)
{
	pid_t	pid;
	int	status, fd;

	(void)state;
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1)
			dup2(fd, STDERR_FILENO);
		patterns_check("hello");
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* The shipped files compile; the kinds have their file names. */
static void
test_shipped_load(void **state)
{
	(void)state;
	load_shipped();
	assert_string_equal(patterns_file(PAT_CONTACT),
	    "patterns/contact.txt");
	assert_string_equal(patterns_file(PAT_RISK), "patterns/risk.txt");
	assert_string_equal(patterns_file(PAT_BANNED), "patterns/banned.txt");
	assert_null(patterns_file(PAT_COUNT));
	assert_null(patterns_file(-1));
	assert_int_equal(patterns_check(""), 0);
	assert_int_equal(patterns_check("Hola a todos, hoy me encuentro "
	    "mejor."), 0);
	/* Loading again replaces the patterns cleanly. */
	load_shipped();
	patterns_free();
	load_shipped();
	assert_int_equal(patterns_check("612 345 678"), CONTACT);
}

/* Phone numbers in the formats people write them. */
static void
test_contact_phones(void **state)
{
	static const char *const yes[] = {
		"llámame al 612345678",
		"mi móvil es 612 34 56 78",
		"+34 612-345-678",
		"0034 612.345.678",
		"(+34) 612 345 678",
		"el fijo de casa: (93) 123 45 67",
		"6 1 2 3 4 5 6 7 8",
		"my number is 712 345 678",
		"el meu mòbil és el 655-12-34-56",
		"call me on +44 20 7946 0958",
		"0033 1 23 45 67 89",
		"+1 (555) 123-4567",
	};
	static const char *const no[] = {
		"llama al 024 o al 112 si lo necesitas",
		"el Teléfono de la Esperanza, 93 414 48 48, me ayudó",
		"Infocáncer: 900 100 036, son encantadores",
		"la línea 900 925 555 de Barcelona",
		"+34 900 100 036",
		"truca al 061",
	};

	(void)state;
	load_shipped();
	expect(yes, NITEMS(yes), CONTACT, CONTACT);
	expect(no, NITEMS(no), ~0U, 0);
}

/* E-mail addresses, also written out to get past a filter. */
static void
test_contact_email(void **state)
{
	static const char *const yes[] = {
		"escríbeme a ana.garcia@gmail.com",
		"ana @ correo.es",
		"ANA.G+FORO@EXAMPLE.ORG",
		"ana at gmail dot com",
		"ana (at) gmail (dot) com",
		"ana [at] hotmail [dot] es",
		"ana arroba gmail punto com",
		"anna arrova gmail punt cat",
		"ana@gmail punto com",
		"ana arroba gmail",
		"ANA AT GMAIL DOT COM",
	};
	static const char *const no[] = {
		"Hi @marta, thanks for your words. How are you?",
		"gràcies @jordi. Com estàs?",
		"I was at home all day.",
		"estaba a punto de llorar",
		"look at this, it's a dot on my skin",
	};

	(void)state;
	load_shipped();
	expect(yes, NITEMS(yes), CONTACT, CONTACT);
	expect(no, NITEMS(no), ~0U, 0);
}

/* Links, handles and invitations to talk somewhere else. */
static void
test_contact_links(void **state)
{
	static const char *const yes[] = {
		"mira https://example.org/x",
		"http://foo",
		"www.aecc.es",
		"visita aecc.es",
		"salut.gencat.cat/ca/inici",
		"bit.ly/abc",
		"t.me/ana_bcn",
		"instagram: @ana_bcn",
		"my insta is @ana.g",
		"add me on Facebook",
		"escríbeme por WhatsApp",
		"búscame en Instagram",
		"truca'm al mòbil",
		"afegeix-me a Telegram",
	};
	static const char *const no[] = {
		"estoy cansada.Es que no duermo nada",
		"No sé.Com ho faig?",
		"version 2.0 of the app",
		"read the threads in this board",
		"I finished chemo on 3.4.2024 and radiotherapy in 2025.",
	};

	(void)state;
	load_shipped();
	expect(yes, NITEMS(yes), CONTACT, CONTACT);
	expect(no, NITEMS(no), ~0U, 0);
}

/* Spanish DNI and NIE numbers, and numbered records. */
static void
test_contact_ids(void **state)
{
	static const char *const yes[] = {
		"mi DNI es 12345678Z",
		"12.345.678-Z",
		"dni: 12345678 Z",
		"X1234567L",
		"y-1234567-x",
		"NIE Z 1234567 R",
		"NHC: 00123456",
		"tarjeta sanitaria 1234567890",
		"CIP ABCD1234567890",
		"número de historia 998877",
		"ES91 2100 0418 4502 0005 1332",
	};
	static const char *const no[] = {
		"Fueron 12.000.000 y más",
		"tenia 10.000.000 d'habitants",
		"éramos 12345678 a la vez",
	};

	(void)state;
	load_shipped();
	expect(yes, NITEMS(yes), CONTACT, CONTACT);
	expect(no, NITEMS(no), ~0U, 0);
}

/* Ordinary numbers: doses, years, dates, scores, times, results. */
static void
test_contact_ordinary_numbers(void **state)
{
	static const char *const no[] = {
		"tomo 500 mg de paracetamol cada 8 horas",
		"me diagnosticaron en 2024",
		"la cita es el 12/03/2024 a las 17:30",
		"my PHQ-9 score went from 18 to 9",
		"I take 1000 mg twice a day, 2 tablets",
		"plaquetas 150.000 y leucocitos 4.500",
		"les plaquetes eren 150.000 el 3 de març",
		"el sueldo era de 1.500 euros al mes, unos 18.000 al año",
		"Tengo 45 años, 2 hijos y 1 perro",
		"la dosis era de 60 mg/m2 cada 21 días",
		"mi marcador CA 125 bajó de 350 a 35",
		"ciclos: 1, 2, 3, 4, 5, 6",
		"la quimioterapia empezó el 9 de enero a las 10:00",
		"radiotherapy: 25 sessions of 2 Gy, 50 Gy in total",
	};

	(void)state;
	load_shipped();
	expect(no, NITEMS(no), ~0U, 0);
}

/*
 * More than 2 links is contact details even with no link pattern in
 * contact.txt (the rule is in the code).
 */
static void
test_contact_link_count(void **state)
{
	char	*err = NULL;

	(void)state;
	tmp_patterns("# phones only\n\\b6\\d{8}\\b\n", "\\bnever-x\n",
	    "\\bnever-y\n");
	assert_int_equal(patterns_load(tconf, &err), ST_OK);
	assert_int_equal(patterns_check("see https://a.example/1 and "
	    "www.b.example"), 0);
	assert_int_equal(patterns_check("aecc.es and cancer.org"), 0);
	assert_int_equal(patterns_check("https://a.example/1 "
	    "www.b.example aecc.es"), CONTACT);
	assert_int_equal(patterns_check("one.com\ntwo.org\nthree.net\n"),
	    CONTACT);
	/* "https://www.x.com/a" is one link, not three. */
	assert_int_equal(patterns_check("https://www.x.com/a "
	    "https://www.y.com/b"), 0);
	/* With the shipped files a single link is already held. */
	load_shipped();
	assert_int_equal(patterns_check("https://a.example/1"), CONTACT);
}

/* Risk language in English, with and without capitals. */
static void
test_risk_english(void **state)
{
	static const char *const yes[] = {
		"I want to die",
		"i wanna die",
		"Sometimes I just want to die.",
		"I WANT TO DIE",
		"I wish I was dead",
		"I wish I could just die",
		"I wish I'd never been born",
		"I wish I wouldn't wake up",
		"I think about killing myself",
		"I want to kill myself",
		"I hurt myself again last night",
		"I cut myself",
		"I'm going to end it all",
		"I want to end my life",
		"I've thought about taking my own life",
		"I just want to end it",
		"There's no reason to live",
		"no point in living anymore",
		"I have nothing to live for",
		"life is not worth living",
		"I don't want to live anymore",
		"I don’t want to be here anymore",
		"I don't want to wake up tomorrow",
		"they'd be better off without me",
		"everyone would be better off if I wasn't here",
		"I'd be better off dead",
		"I can't go on",
		"I can't go on like this",
		"I'm so tired of living",
		"I want to go to sleep and never wake up",
		"I could take all my pills at once",
		"I thought about jumping off a bridge",
		"I've been having suicidal thoughts",
		"I'm thinking of Suicide",
		"self-harm again",
		"I slit my wrists once",
	};

	(void)state;
	load_shipped();
	expect(yes, NITEMS(yes), RISK, RISK);
}

/* Risk language in Spanish, with and without accents. */
static void
test_risk_spanish(void **state)
{
	static const char *const yes[] = {
		"quiero morir",
		"quiero morirme",
		"Me quiero morir",
		"QUIERO MORIRME",
		"quisiera morirme",
		"ojalá me muriera",
		"ojala me muriera",
		"tengo ganas de morirme",
		"he pensado en quitarme la vida",
		"quiero suicidarme",
		"pienso en el suicidio",
		"no quiero seguir viviendo",
		"no quiero vivir más",
		"no quiero vivir mas",
		"No quiero despertarme nunca más",
		"no tengo motivos para vivir",
		"no le veo sentido a la vida",
		"no tiene sentido seguir viviendo",
		"sin ganas de vivir",
		"quiero hacerme daño",
		"quiero hacerme dano",
		"me hago daño a propósito",
		"pienso en cortarme las venas",
		"estarían mejor sin mí",
		"estarian mejor sin mi",
		"sería mejor si yo no estuviera",
		"estaría mejor muerta",
		"quiero acabar con todo",
		"quiero acabar con todo esto",
		"estoy cansada de vivir",
		"harta de vivir",
		"quiero dormir y no despertar",
		"tomarme todas las pastillas de golpe",
		"tirarme por la ventana",
		"me autolesiono",
		"voy a matarme",
		"me voy a matar",
		/* "í" typed as "i" and a combining acute accent */
		"quiero mori\xcc\x81rme",
	};

	(void)state;
	load_shipped();
	expect(yes, NITEMS(yes), RISK, RISK);
}

/* Risk language in Catalan, with and without accents and apostrophes. */
static void
test_risk_catalan(void **state)
{
	static const char *const yes[] = {
		"vull morir",
		"em vull morir",
		"Vull morir-me",
		"voldria morir",
		"tant de bo em morís",
		"tinc ganes de morir",
		"he pensat en treure'm la vida",
		"treure’m la vida",
		"vull suïcidar-me",
		"vull suicidar-me",
		"no vull seguir vivint",
		"no vull viure més",
		"no vull viure mes",
		"no tinc cap motiu per viure",
		"no té sentit viure",
		"sense ganes de viure",
		"vull fer-me mal",
		"tallar-me les venes",
		"estarien millor sense mi",
		"seria millor si jo no hi fos",
		"estaria millor morta",
		"vull acabar amb tot",
		"vull acabar amb tot això",
		"posar fi a la meva vida",
		"estic cansada de viure",
		"totes les pastilles de cop",
		"llançar-me per la finestra",
		"llançar-me des del pont",
		"vull matar-me",
		"em vull matar",
	};

	(void)state;
	load_shipped();
	expect(yes, NITEMS(yes), RISK, RISK);
}

/*
 * The everyday language of living with cancer is not risk language: fear
 * of dying of the illness, figures of speech, exhaustion.
 */
static void
test_risk_cancer_talk(void **state)
{
	static const char *const no[] = {
		"the treatment is killing my appetite",
		"this chemo is killing me",
		"I was dying to see my kids",
		"I'm scared I'm going to die",
		"I have a real fear of dying from the cancer",
		"I don't want to die",
		"I'm not ready to die",
		"my grandmother died of breast cancer",
		"I can't take it anymore, the nausea is awful",
		"I can't go on holiday this year",
		"I don't want to wake up early tomorrow",
		"I don't want to go on with chemo",
		"I want to take my life back",
		"I cut my hair short before chemo",
		"I want to die my hair pink when it grows back",
		"I don't want to be a burden on my family",
		"I'm dead tired after radiotherapy",
		"I'm tired of life in the hospital",
		"me muero de ganas de ver a mis hijos",
		"la quimio me está matando",
		"me mata el dolor de espalda",
		"tengo miedo de morir",
		"no quiero morir",
		"no me quiero morir",
		"No, no quiero morirme todavía, quiero ver crecer a mis nietos",
		"mi madre murió de cáncer",
		"el cáncer le quitó la vida a mi tío",
		"no puedo más con las náuseas",
		"estoy muerta de cansancio",
		"no quiero despertar a mi marido",
		"quiero acabar con todo el papeleo del seguro",
		"quiero cortarme el pelo",
		"me he hecho daño en la rodilla",
		"estoy harta de la quimio",
		"tinc por de morir",
		"no vull morir",
		"no em vull morir",
		"em moro de son",
		"no puc més amb les nàusees",
		"la meva àvia va morir de càncer",
		"vull acabar amb tot el paperam",
		"em vaig fer mal al genoll",
		"m'he tallat els cabells",
		"Demà tinc visita amb l'oncòloga.",
	};

	(void)state;
	load_shipped();
	expect(no, NITEMS(no), ~0U, 0);
}

/* Attacks, slurs and spam; swearing and medicine names are allowed. */
static void
test_banned(void **state)
{
	static const char *const yes[] = {
		"kill yourself",
		"ojalá te mueras",
		"mata't",
		"maricón",
		"subnormal",
		"buy now",
		"compra ya",
		"compra ara",
		"haz clic aquí",
		"inverteix en bitcoin",
		"bitcoin investment with great returns",
		"inversión en criptomonedas con ganancias",
		"cura milagrosa",
		"cura miraculosa",
	};
	static const char *const no[] = {
		"puta quimio, estoy harta",
		"this fucking chemo",
		"My doctor prescribed Cialis after the prostatectomy",
		"la viagra me ayudó después de la operación",
		"there's no cure yet, but the treatment works",
		"compra fruta fresca",
		"el bitcoin no me interesa",
	};

	(void)state;
	load_shipped();
	expect(yes, NITEMS(yes), BANNED, BANNED);
	expect(no, NITEMS(no), ~0U, 0);
}

/* One text can hold several kinds. */
static void
test_several_kinds(void **state)
{
	(void)state;
	load_shipped();
	assert_int_equal(patterns_check("quiero morirme, llámame al "
	    "612345678"), CONTACT | RISK);
	assert_int_equal(patterns_check("I want to die.\nBuy now at "
	    "www.x.example"), CONTACT | RISK | BANNED);
}

/*
 * A bad file stops loading with its file, line and PCRE2's message; the
 * patterns loaded before stay in force.
 */
static void
test_bad_file(void **state)
{
	char	*err = NULL, *want;

	(void)state;
	load_shipped();
	tmp_patterns("\\bok\\b\n", "# a comment\n\n\\bfine\n  (open\n",
	    "\\bfine\n");
	assert_int_equal(patterns_load(tconf, &err), ST_IOERR);
	assert_non_null(err);
	xasprintf(&want, "%s/patterns/risk.txt:4: missing closing "
	    "parenthesis at offset 7", tmpdir);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;
	/* The shipped patterns are still the ones in force. */
	assert_int_equal(patterns_check("quiero morir"), RISK);

	/* A stray "|" would hold every post. */
	tmp_patterns("\\bok\\b\n", "\\bfine\n", "\\bspam|\n");
	assert_int_equal(patterns_load(tconf, &err), ST_IOERR);
	xasprintf(&want, "%s/patterns/banned.txt:1: matches empty text, so "
	    "it would hold every post", tmpdir);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;

	/* Invalid UTF-8 in a pattern is reported by PCRE2. */
	tmp_patterns("\\bok\\b\n", "\\bfine\n", "\\bbad\xff\n");
	assert_int_equal(patterns_load(tconf, &err), ST_IOERR);
	xasprintf(&want, "%s/patterns/banned.txt:1:", tmpdir);
	assert_true(strncmp(err, want, strlen(want)) == 0);
	assert_non_null(strstr(err, "UTF-8"));
	free(want);
	free(err);
	err = NULL;

	/* A missing file. */
	tmp_remove("patterns/banned.txt");
	assert_int_equal(patterns_load(tconf, &err), ST_IOERR);
	xasprintf(&want, "%s/patterns/banned.txt: No such file or directory",
	    tmpdir);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;

	/* Empty files are allowed: nothing is found. */
	tmp_patterns("", "# nothing yet\n", "\n");
	assert_int_equal(patterns_load(tconf, &err), ST_OK);
	assert_int_equal(patterns_check("quiero morir 612345678"), 0);
	load_shipped();
}

/*
 * A pattern that backtracks without end stops at the match limit, and
 * the text counts as found: it is held for a moderator, quickly.
 */
static void
test_match_limit(void **state)
{
	struct timespec	 start;
	char		*err = NULL, *text;

	(void)state;
	tmp_patterns("\\bnever-x\n", "^(\\w+\\s?)+$\n", "\\bnever-y\n");
	assert_int_equal(patterns_load(tconf, &err), ST_OK);
	assert_int_equal(patterns_check("short words, only"), 0);
	text = repeat("a", 5000);
	strcat(text, "!");
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(patterns_check(text), RISK);
	assert_true(seconds_since(&start) < SLOW_SECONDS);
	free(text);
	load_shipped();
}

/* Text that is not valid UTF-8 never crashes a check: it is held. */
static void
test_invalid_utf8(void **state)
{
	unsigned	found;

	(void)state;
	load_shipped();
	found = patterns_check("hola \xff\xfe amigos");
	assert_int_equal(found, CONTACT | RISK | BANNED);
	found = patterns_check("quiero \xcc");
	assert_true((found & RISK) != 0);
}

/*
 * Every shipped file stays fast on long hostile texts of the longest post
 * allowed, and long ordinary texts match nothing.
 */
static void
test_shipped_hostile(void **state)
{
	static const char *const units[] = {
		"1 ", "6.", "a.", "a@", "a", "a ", "at ", "-", "1-", "no ",
		"quiero ", "((", "www.", "wish i ", "a.b", "ab-", "dni ",
		"ana at gmail dot ", "x@y.", "+3", "00 ", "vull ", "\xc3\xad",
		"https://", "I want to ", "\n",
	};
	static const char *const ordinary[] = {
		"Hoy he tenido la revisión y todo sigue bien. ",
		"Thank you all for your kind words yesterday. ",
		"Avui he anat a caminar una estona amb la meva filla. ",
		"Tomo 500 mg cada 8 horas desde el 12/03/2024. ",
	};
	struct timespec	 start;
	char		*text;
	size_t		 len, i;
	double		 secs;

	(void)state;
	load_shipped();
	len = (size_t)conf->max_post_length;
	for (i = 0; i < NITEMS(units); i++) {
		text = repeat(units[i], len);
		clock_gettime(CLOCK_MONOTONIC, &start);
		patterns_check(text);
		secs = seconds_since(&start);
		if (secs >= SLOW_SECONDS)
			fail_msg("\"%s\" x %zu took %.2f s", units[i], len,
			    secs);
		free(text);
	}
	for (i = 0; i < NITEMS(ordinary); i++) {
		text = repeat(ordinary[i], len);
		if (patterns_check(text) != 0)
			fail_msg("\"%s\" repeated was found", ordinary[i]);
		free(text);
	}
}

/* card_read returns the crisis card in lang, which must be read. */
static char *
card_read(const struct conf *c, const char *lang)
{
	char	*text = NULL, *err = NULL;

	if (crisis_card(c, lang, &text, &err) != ST_OK)
		fail_msg("crisis_card %s: %s", lang != NULL ? lang : "NULL",
		    err);
	assert_null(err);
	assert_non_null(text);
	return text;
}

/*
 * Every shipped card starts with what to do now, lists the numbers in the
 * order of the safety specification, says Mirall is not watched around
 * the clock, and has a last-verified date; no staff note is shown.
 */
static void
test_crisis_shipped(void **state)
{
	static const char *const langs[] = { "en", "es", "ca" };
	static const char *const first[] = {
		"If you are in danger now, call 112. For suicidal thoughts, "
		    "024 (24 h).",
		"Si estás en peligro ahora, llama al 112.",
		"Si ara estàs en perill, truca al 112.",
	};
	static const char *const numbers[] = {
		"112 ", "024 ", "061 ", "93 414 48 48", "900 925 555",
		"900 100 036",
	};
	static const char *const not24[] = {
		"not monitored 24/7", "no está supervisado las 24 horas",
		"no està supervisat les 24 hores",
	};
	static const char *const verified[] = {
		"Last verified: 2026-11-28", "Última comprobación: 2026-11-28",
		"Darrera comprovació: 2026-11-28",
	};
	const char	*at, *list;
	char		*text, *err = NULL;
	size_t		 i, j;

	(void)state;
	for (i = 0; i < NITEMS(langs); i++) {
		text = card_read(conf, langs[i]);
		assert_true(strncmp(text, first[i], strlen(first[i])) == 0);
		assert_null(strstr(text, "\n#"));
		assert_int_not_equal(text[0], '#');
		/* The list starts after the first paragraph. */
		assert_non_null(list = strstr(text, "\n\n"));
		for (j = 0, at = list; j < NITEMS(numbers); j++) {
			if ((at = strstr(at, numbers[j])) == NULL)
				fail_msg("%s: %s missing or out of order",
				    langs[i], numbers[j]);
		}
		assert_non_null(strstr(text, not24[i]));
		assert_non_null(strstr(text, "9:00"));
		assert_non_null(strstr(text, verified[i]));
		free(text);
	}
	assert_int_equal(crisis_check(conf, &err), ST_OK);
	assert_null(err);
}

/* An unknown or missing language falls back to English. */
static void
test_crisis_fallback(void **state)
{
	char	*en, *text, *err = NULL, *want;

	(void)state;
	en = card_read(conf, "en");
	text = card_read(conf, "fr");
	assert_string_equal(text, en);
	free(text);
	text = card_read(conf, NULL);
	assert_string_equal(text, en);
	free(text);
	text = card_read(conf, "../../etc/passwd");
	assert_string_equal(text, en);
	free(text);
	free(en);

	/* A language whose file is missing, and staff notes stripped. */
	tmp_write("crisis/en.txt", "# note for staff\n\nCall 112.\n"
	    "# another note\nOr 024.\nWe are here {staffed_hours}.\n\n");
	tmp_remove("crisis/es.txt");
	text = card_read(tconf, "es");
	assert_string_equal(text, "Call 112.\nOr 024.\nWe are here Monday "
	    "to Friday, 9:00 to 17:00.");
	free(text);
	/* The staffed hours are the config's. */
	if (staffed_parse(&tconf->staffed, "sat,sun 10:00-14:30", &err) !=
	    ST_OK)
		fail_msg("staffed_parse: %s", err);
	text = card_read(tconf, "en");
	assert_non_null(strstr(text, "here Saturday and Sunday, 10:00 to "
	    "14:30."));
	free(text);
	if (staffed_parse(&tconf->staffed, "mon,wed,fri 9:00-13:00", &err) !=
	    ST_OK)
		fail_msg("staffed_parse: %s", err);
	text = card_read(tconf, "en");
	assert_non_null(strstr(text, "here Monday, Wednesday and Friday, "
	    "9:00 to 13:00."));
	free(text);
	staffed_defaults(&tconf->staffed);

	/* crisis_check finds the missing card, and one without 112. */
	assert_int_equal(crisis_check(tconf, &err), ST_IOERR);
	xasprintf(&want, "%s/crisis/es.txt: No such file or directory",
	    tmpdir);
	assert_string_equal(err, want);
	free(want);
	free(err);
	tmp_write("crisis/es.txt", "Llama al 112, {staffed_hours}.\n");
	tmp_write("crisis/ca.txt", "Truca, si us plau.\n");
	assert_int_equal(crisis_check(tconf, &err), ST_IOERR);
	xasprintf(&want, "%s/crisis/ca.txt: the card does not give 112",
	    tmpdir);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;
	/* A card must say where the config's staffed hours go. */
	tmp_write("crisis/ca.txt", "Truca al 112.\n");
	assert_int_equal(crisis_check(tconf, &err), ST_IOERR);
	xasprintf(&want, "%s/crisis/ca.txt: the card does not say where the "
	    "staffed hours go ({staffed_hours})", tmpdir);
	assert_string_equal(err, want);
	free(want);
	free(err);
	err = NULL;

	/* No card at all: an error, and still a short card to show. */
	tmp_remove("crisis/en.txt");
	tmp_remove("crisis/es.txt");
	tmp_remove("crisis/ca.txt");
	assert_int_equal(crisis_card(tconf, "ca", &text, &err), ST_IOERR);
	xasprintf(&want, "%s/crisis/en.txt: No such file or directory",
	    tmpdir);
	assert_string_equal(err, want);
	assert_non_null(text);
	assert_non_null(strstr(text, "112"));
	assert_non_null(strstr(text, "024"));
	free(want);
	free(err);
	free(text);
}

/* setup makes the configurations and the temporary content directory. */
static int
setup(void **state)
{
	char	*dir;

	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	xasprintf(&dir, "%s/patterns", tmpdir);
	mkdir(dir, 0700);
	free(dir);
	xasprintf(&dir, "%s/crisis", tmpdir);
	mkdir(dir, 0700);
	free(dir);
	conf = conf_defaults(NULL);
	free(conf->content_dir);
	conf->content_dir = th_source_content();
	tconf = conf_defaults(NULL);
	free(tconf->content_dir);
	tconf->content_dir = xstrdup(tmpdir);
	return 0;
}

/* teardown removes the temporary content and frees what setup made. */
static int
teardown(void **state)
{
	static const char *const names[] = {
		"patterns/contact.txt", "patterns/risk.txt",
		"patterns/banned.txt", "crisis/en.txt", "crisis/es.txt",
		"crisis/ca.txt",
	};
	char	*dir;
	size_t	 i;

	(void)state;
	for (i = 0; i < NITEMS(names); i++)
		tmp_remove(names[i]);
	xasprintf(&dir, "%s/patterns", tmpdir);
	rmdir(dir);
	free(dir);
	xasprintf(&dir, "%s/crisis", tmpdir);
	rmdir(dir);
	free(dir);
	rmdir(tmpdir);
	patterns_free();
	conf_free(conf);
	conf_free(tconf);
	return 0;
}

/* main runs the tests; the first runs before anything is loaded. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_loaded_aborts),
		cmocka_unit_test(test_shipped_load),
		cmocka_unit_test(test_contact_phones),
		cmocka_unit_test(test_contact_email),
		cmocka_unit_test(test_contact_links),
		cmocka_unit_test(test_contact_ids),
		cmocka_unit_test(test_contact_ordinary_numbers),
		cmocka_unit_test(test_contact_link_count),
		cmocka_unit_test(test_risk_english),
		cmocka_unit_test(test_risk_spanish),
		cmocka_unit_test(test_risk_catalan),
		cmocka_unit_test(test_risk_cancer_talk),
		cmocka_unit_test(test_banned),
		cmocka_unit_test(test_several_kinds),
		cmocka_unit_test(test_bad_file),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_shipped_hostile),
		cmocka_unit_test(test_crisis_shipped),
		cmocka_unit_test(test_crisis_fallback),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
