/*
 * words.c: the text of the generated community.
 *
 * Each language has a ranked vocabulary: its real frequent words first
 * (articles, prepositions, pronouns), then the words this community talks
 * about spread over the middle ranks, and made-up words of the language's
 * shape filling the rest.  Words are drawn with a Zipf distribution over
 * the ranks (frequency ~ 1/rank), as in natural text, so a search for a
 * mid-rank word finds a realistic share of the posts.  A handful of rare
 * terms are put into a few posts each, so a rare word finds a few.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forum_bench.h"

#define WORDS_PER_LANG	3000	/* distinct words of each language */
#define DOMAIN_STEP	11	/* ranks between two community words */
#define RARE_EVERY	2000	/* one post in this many has a rare term */
#define ZIPF_S		1.0

/* The real frequent words of each language, most frequent first. */
static const char *const words_common[LANG_COUNT][128] = {
	[LANG_ES] = {
	    "de", "la", "que", "el", "en", "y", "a", "los", "se", "del",
	    "las", "un", "por", "con", "no", "una", "su", "para", "es", "al",
	    "lo", "como", "más", "o", "pero", "sus", "le", "ha", "me", "si",
	    "sin", "sobre", "este", "ya", "entre", "cuando", "todo", "esta",
	    "ser", "son", "dos", "también", "fue", "había", "era", "muy",
	    "hasta", "desde", "está", "mi", "porque", "qué", "solo", "han",
	    "yo", "hay", "vez", "puede", "todos", "así", "nos", "ni", "parte",
	    "tiene", "él", "uno", "donde", "bien", "tiempo", "mismo", "ese",
	    "ahora", "cada", "vida", "otro", "después", "te", "otros",
	    "aunque", "esa", "eso", "hace", "otra", "siempre", "día", "tanto",
	    "ella", "tres", "sí", "sido", "gran", "menos", "año", "antes",
	    "algo", "estoy", "tengo", "estaba", "mucho", "poco", "nada",
	    "veces", "casa", "gente", "mejor", "igual", "ver", "decir",
	    "creo", "sé", "quiero", NULL },
	[LANG_CA] = {
	    "de", "la", "i", "el", "que", "a", "en", "les", "per", "els",
	    "un", "del", "una", "amb", "no", "es", "com", "al", "més", "però",
	    "ja", "ha", "seu", "hi", "va", "són", "també", "li", "o", "si",
	    "molt", "quan", "tot", "aquest", "aquesta", "fer", "ser", "sense",
	    "sobre", "fins", "des", "dels", "perquè", "on", "jo", "tinc",
	    "estic", "era", "havia", "han", "pot", "tots", "així", "ens", "ni",
	    "part", "té", "ell", "bé", "temps", "mateix", "ara", "cada",
	    "vida", "altre", "després", "et", "altres", "encara", "això",
	    "fa", "altra", "sempre", "dia", "tant", "ella", "tres", "sí",
	    "dit", "estat", "gran", "menys", "any", "abans", "alguna", "cosa",
	    "molta", "poc", "res", "vegades", "casa", "gent", "millor",
	    "igual", "veure", "dir", "crec", "sé", "vull", "meu", "meva",
	    "nosaltres", NULL },
	[LANG_EN] = {
	    "the", "of", "and", "to", "a", "in", "is", "it", "you", "that",
	    "he", "was", "for", "on", "are", "with", "as", "i", "his", "they",
	    "be", "at", "one", "have", "this", "from", "or", "had", "by",
	    "not", "but", "what", "some", "we", "can", "out", "other", "were",
	    "all", "there", "when", "up", "use", "your", "how", "said", "an",
	    "each", "she", "which", "do", "their", "time", "if", "will",
	    "way", "about", "many", "then", "them", "would", "like", "so",
	    "these", "her", "long", "make", "thing", "see", "him", "two",
	    "has", "look", "more", "day", "could", "go", "come", "did", "my",
	    "no", "most", "who", "over", "know", "than", "first", "people",
	    "may", "down", "been", "now", "find", "any", "new", "only",
	    "after", "me", "also", "back", "because", "feel", "still",
	    "just", "really", "think", "much", "even", "well", "very", NULL },
};

/* What this community talks about, most frequent first. */
static const char *const words_domain[LANG_COUNT][128] = {
	[LANG_ES] = {
	    "tratamiento", "médico", "quimio", "familia", "miedo",
	    "hospital", "revisión", "semanas", "dolor", "oncóloga", "meses",
	    "hijos", "cansancio", "trabajo", "análisis", "resultados",
	    "noche", "psicóloga", "ayuda", "ánimo", "fuerzas", "cuerpo",
	    "pelo", "náuseas", "dormir", "cirugía", "radioterapia",
	    "quimioterapia", "ansiedad", "tristeza", "esperanza", "grupo",
	    "paseo", "ejercicio", "comida", "noches", "insomnio", "recaída",
	    "prueba", "escáner", "mamografía", "pecho", "operación",
	    "enfermera", "cita", "gracias", "abrazo", "compartir",
	    "experiencia", "pareja", "amigas", "volver", "normalidad",
	    "memoria", "concentración", "niebla", "hormonal", "tamoxifeno",
	    "sofocos", "articulaciones", "linfedema", "brazo",
	    "fisioterapia", "yoga", "caminar", "respirar", "llorar", "reír",
	    "marido", "madre", "hija", "sesiones", "consulta", "diagnóstico",
	    "tumor", "ganglios", "cicatriz", "piel", "uñas", "sabor",
	    "apetito", "peso", "mareos", "fiebre", "defensas", "vómitos",
	    "estómago", "medicación", "pastillas", "inyecciones", "control",
	    "seguimiento", "baja", "jefe", "compañeros", "vacaciones", "mar",
	    "montaña", "perro", "libro", "música", "café", "desayuno",
	    "cena", "paciencia", "calma", "valiente", "cansada", "agotada",
	    NULL },
	[LANG_CA] = {
	    "tractament", "metge", "quimio", "família", "por", "hospital",
	    "revisió", "setmanes", "dolor", "oncòloga", "mesos", "fills",
	    "cansament", "feina", "anàlisi", "resultats", "nit", "psicòloga",
	    "ajuda", "ànim", "forces", "cos", "cabell", "nàusees", "dormir",
	    "cirurgia", "radioteràpia", "quimioteràpia", "ansietat",
	    "tristesa", "esperança", "grup", "passeig", "exercici", "menjar",
	    "nits", "insomni", "recaiguda", "prova", "escàner",
	    "mamografia", "pit", "operació", "infermera", "visita",
	    "gràcies", "abraçada", "compartir", "experiència", "parella",
	    "amigues", "tornar", "normalitat", "memòria", "concentració",
	    "boira", "hormonal", "tamoxifè", "fogots", "articulacions",
	    "limfedema", "braç", "fisioteràpia", "ioga", "caminar",
	    "respirar", "plorar", "riure", "marit", "mare", "filla",
	    "sessions", "consulta", "diagnòstic", "tumor", "ganglis",
	    "cicatriu", "pell", "ungles", "gust", "gana", "pes", "marejos",
	    "febre", "defenses", "vòmits", "estómac", "medicació",
	    "pastilles",
	    "injeccions", "control", "seguiment", "baixa", "cap",
	    "companys", "vacances", "platja", "muntanya", "gos", "llibre",
	    "música", "cafè", "esmorzar", "sopar", "paciència", "calma",
	    "valenta", "cansada", "esgotada", NULL },
	[LANG_EN] = {
	    "treatment", "doctor", "chemo", "family", "fear", "hospital",
	    "check", "weeks", "pain", "oncologist", "months", "children",
	    "tired", "work", "bloods", "results", "night", "psychologist",
	    "help", "mood", "strength", "body", "hair", "nausea", "sleep",
	    "surgery", "radiotherapy", "chemotherapy", "anxiety", "sadness",
	    "hope", "group", "walk", "exercise", "food", "nights",
	    "insomnia", "recurrence", "test", "scan", "mammogram", "breast",
	    "operation", "nurse", "appointment", "thanks", "hug", "share",
	    "experience", "partner", "friends", "return", "normal", "memory",
	    "concentration", "fog", "hormone", "tamoxifen", "flushes",
	    "joints", "lymphoedema", "arm", "physiotherapy", "yoga",
	    "walking", "breathe", "cry", "laugh", "husband", "mother",
	    "daughter", "sessions", "clinic", "diagnosis", "tumour", "nodes",
	    "scar", "skin", "nails", "taste", "appetite", "weight",
	    "dizziness", "fever", "immunity", "vomiting", "stomach",
	    "medication", "tablets", "injections", "follow", "leave", "boss",
	    "colleagues", "holidays", "sea", "mountains", "dog", "book",
	    "music", "coffee", "breakfast", "dinner", "patience", "calm",
	    "brave", "exhausted", "fatigue", NULL },
};

/* Terms a few posts mention, in any language. */
static const char *const words_rare[] = {
	"braquiterapia", "mucositis", "neuropatía", "ostomía",
	"laringectomía", "gammagrafía", "portacath", "hipotiroidismo",
	"brachytherapy", "neuropathy", "ostomy", "laryngectomy",
	"scintigraphy", "hypothyroidism", "neuropatia", "ostomia",
	"laringectomia", "gammagrafia", "hipotiroïdisme", "trastuzumab",
	"letrozol", "anastrozol", "exemestà", "pertuzumab",
};
#define RARE_COUNT	(sizeof words_rare / sizeof words_rare[0])

/* The letters of the made-up words of each language. */
static const char *const words_cons[LANG_COUNT] = {
	"bcdfglmnprstvz", "bcdfglmnprstvx", "bcdfghklmnprstw"
};
static const char *const words_vow[LANG_COUNT] = {
	"aeiou", "aeiou", "aeiouy"
};
static const char *const words_end[LANG_COUNT] = { "", "lnrst", "dknst" };

/* The ranked vocabularies and the Zipf table they share. */
static struct {
	char	*word[LANG_COUNT][WORDS_PER_LANG];
	double	 cdf[WORDS_PER_LANG];	/* cumulative weights, rank order */
	bool	 ready;
} words;

/* rng_seed seeds a generator; a zero seed is replaced. */
void
rng_seed(struct rng *r, uint64_t seed)
{
	r->s = seed != 0 ? seed : 0x9e3779b97f4a7c15ULL;
}

/* rng_u64 returns the next 64 random bits (xorshift64*). */
uint64_t
rng_u64(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

/* rng_unit returns a uniform double in [0, 1). */
double
rng_unit(struct rng *r)
{
	return (double)(rng_u64(r) >> 11) / 9007199254740992.0;
}

/* rng_range returns a uniform integer in [lo, hi]. */
int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_u64(r) % (uint64_t)(hi - lo + 1));
}

/*
 * words_made_up returns made-up word k of a language: three
 * consonant-vowel syllables and the language's ending.  Every syllable is
 * two letters, so distinct k give distinct words.
 */
static char *
words_made_up(enum fb_lang lang, size_t k)
{
	const char	*c = words_cons[lang], *v = words_vow[lang];
	const char	*e = words_end[lang];
	size_t		 nc = strlen(c), nv = strlen(v), ne = strlen(e);
	char		 buf[16], *p = buf;
	int		 i;

	/* Scatter k, so neighbouring ranks do not look alike. */
	k = (k * 7919 + 104729) % (nc * nv * nc * nv * nc * nv);
	for (i = 0; i < 3; i++) {
		*p++ = c[k % nc];
		k /= nc;
		*p++ = v[k % nv];
		k /= nv;
	}
	if (ne > 0)
		*p++ = e[k % ne];
	*p = '\0';
	return xstrdup(buf);
}

/* words_has tells whether a word is already in a vocabulary. */
static bool
words_has(enum fb_lang lang, size_t n, const char *w)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(words.word[lang][i], w) == 0)
			return true;
	return false;
}

/* words_build_lang ranks one language's vocabulary. */
static void
words_build_lang(enum fb_lang lang)
{
	const char *const	*common = words_common[lang];
	const char *const	*domain = words_domain[lang];
	size_t			 n = 0, nc = 0, d = 0, k = 0;
	char			*w;

	while (common[nc] != NULL)
		nc++;
	while (n < WORDS_PER_LANG) {
		if (n < nc)
			w = xstrdup(common[n]);
		else if (domain[d] != NULL && (n - nc) % DOMAIN_STEP == 0)
			w = xstrdup(domain[d++]);
		else
			w = words_made_up(lang, k++);
		if (words_has(lang, n, w)) {
			free(w);
			continue;
		}
		words.word[lang][n++] = w;
	}
}

/* words_init builds the vocabularies and the Zipf table, once. */
void
words_init(void)
{
	double	sum = 0;
	size_t	i;
	int	lang;

	if (words.ready)
		return;
	for (lang = 0; lang < LANG_COUNT; lang++)
		words_build_lang((enum fb_lang)lang);
	for (i = 0; i < WORDS_PER_LANG; i++) {
		sum += 1.0 / pow((double)(i + 1), ZIPF_S);
		words.cdf[i] = sum;
	}
	words.ready = true;
}

/* words_free releases the vocabularies. */
void
words_free(void)
{
	size_t	i;
	int	lang;

	if (!words.ready)
		return;
	for (lang = 0; lang < LANG_COUNT; lang++)
		for (i = 0; i < WORDS_PER_LANG; i++)
			free(words.word[lang][i]);
	words.ready = false;
}

/* words_count returns the distinct words over every language. */
size_t
words_count(void)
{
	return LANG_COUNT * WORDS_PER_LANG + RARE_COUNT;
}

/* words_at_rank returns a language's word of a rank (1: most frequent). */
const char *
words_at_rank(enum fb_lang lang, size_t rank)
{
	if (rank < 1 || rank > WORDS_PER_LANG)
		return NULL;
	return words.word[lang][rank - 1];
}

/* words_rank_of returns the rank of a word in a language, 0 if none. */
size_t
words_rank_of(enum fb_lang lang, const char *w)
{
	size_t	i;

	for (i = 0; i < WORDS_PER_LANG; i++)
		if (strcmp(words.word[lang][i], w) == 0)
			return i + 1;
	return 0;
}

/* words_draw draws a word of a language with the Zipf distribution. */
static const char *
words_draw(struct rng *r, enum fb_lang lang)
{
	double	u = rng_unit(r) * words.cdf[WORDS_PER_LANG - 1];
	size_t	lo = 0, hi = WORDS_PER_LANG - 1, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (words.cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return words.word[lang][lo];
}

/* A growing string. */
struct sbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

/* sbuf_add appends text, capitalising its first letter when asked. */
static void
sbuf_add(struct sbuf *b, const char *t, bool cap)
{
	size_t	n = strlen(t);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, t, n + 1);
	if (cap && (unsigned char)b->s[b->len] < 0x80)
		b->s[b->len] = (char)toupper((unsigned char)b->s[b->len]);
	b->len += n;
}

/*
 * words_post returns the body of a post: 40 to 150 words, most posts
 * short, in sentences of 6 to 18 words and paragraphs of 2 to 5
 * sentences.  rare puts one of the rare terms in it.
 */
char *
words_post(struct rng *r, enum fb_lang lang, bool rare)
{
	struct sbuf	b = { NULL, 0, 0 };
	double		u = rng_unit(r);
	int64_t		n, i, sentence = 0, sentences = 0, rare_at = -1;
	int64_t		para = rng_range(r, 2, 5);
	bool		cap = true;

	n = 40 + (int64_t)(110 * u * u);
	if (rare || rng_range(r, 1, RARE_EVERY) == 1)
		rare_at = rng_range(r, 0, n - 1);
	sbuf_add(&b, "", false);
	for (i = 0; i < n; i++) {
		if (sentence == 0)
			sentence = rng_range(r, 6, 18);
		if (i == rare_at)
			sbuf_add(&b, words_rare[rng_range(r, 0, RARE_COUNT -
			    1)], false);
		else
			sbuf_add(&b, words_draw(r, lang), cap);
		cap = false;
		if (--sentence > 0 && i + 1 < n) {
			sbuf_add(&b, rng_unit(r) < 0.08 ? ", " : " ", false);
			continue;
		}
		sentence = 0;
		u = rng_unit(r);
		sbuf_add(&b, u < 0.85 ? "." : u < 0.95 ? "?" : "!", false);
		cap = true;
		if (i + 1 == n)
			break;
		if (++sentences == para) {
			sentences = 0;
			para = rng_range(r, 2, 5);
			sbuf_add(&b, "\n\n", false);
		} else
			sbuf_add(&b, " ", false);
	}
	return b.s;
}

/* words_title returns a thread title: 3 to 8 words, no full stop. */
char *
words_title(struct rng *r, enum fb_lang lang)
{
	struct sbuf	b = { NULL, 0, 0 };
	int64_t		n = rng_range(r, 3, 8), i;

	sbuf_add(&b, "", false);
	for (i = 0; i < n; i++) {
		if (i > 0)
			sbuf_add(&b, " ", false);
		sbuf_add(&b, words_draw(r, lang), i == 0);
	}
	return b.s;
}
