/*
 * test_conversation_ui.c: the helpers of the Messages screens: how long
 * someone has waited ("2 d 3 h") and whom a conversation is with, for
 * its reader (never herself; "Your care team" for a patient).
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../ui/ui.h"

/* ui/main.c owns the UI state in the program; the test owns it here. */
struct ui	*ui;

static struct ui	test_ui;
static struct account	test_me;

/* reader makes the UI's account the reader: id, pseudonym and role. */
static void
reader(int64_t id, const char *pseudonym, int role)
{
	memset(&test_ui, 0, sizeof test_ui);
	memset(&test_me, 0, sizeof test_me);
	test_me.id = id;
	test_me.pseudonym = (char *)pseudonym;
	test_me.role = role;
	test_ui.me = &test_me;
	test_ui.actor.id = id;
	test_ui.actor.role = role;
	test_ui.actor.name = pseudonym;
	ui = &test_ui;
}

/* waited formats secs into a fresh buffer for comparison. */
static const char *
waited(int64_t secs)
{
	static char	buf[64];

	conversation_list_waited(secs, buf, sizeof buf);
	return buf;
}

/* Under a day it reads as the other durations; past one, days and hours. */
static void
test_waited_boundaries(void **state)
{
	(void)state;
	assert_string_equal(waited(-5), "< 1 min");
	assert_string_equal(waited(0), "< 1 min");
	assert_string_equal(waited(59), "< 1 min");
	assert_string_equal(waited(3599), "59 min");
	assert_string_equal(waited(86399), "23 h 59 min");
	assert_string_equal(waited(86400), "1 d 0 h");
	assert_string_equal(waited(2 * 86400 + 3 * 3600 + 59 * 60),
	    "2 d 3 h");
	assert_string_equal(waited(400 * 86400LL + 23 * 3600), "400 d 23 h");
}

/* with formats whom c is with into a fresh buffer. */
static const char *
with(const struct conversation *c)
{
	static char	buf[256];

	conversation_list_with(c, buf, sizeof buf);
	return buf;
}

/* A patient's own care conversation is with her team, or the inbox. */
static void
test_with_patient_team(void **state)
{
	struct conversation	c;

	(void)state;
	reader(7, "ana", ROLE_PATIENT);
	memset(&c, 0, sizeof c);
	c.kind = CONV_CARE;
	c.patient_id = 7;
	c.members = "ana, laia";
	assert_string_equal(with(&c), "Your care team");
	c.shared = true;
	c.members = "ana";
	assert_string_equal(with(&c), "Shared inbox");
}

/* In a mirror experience a patient sees the others by pseudonym. */
static void
test_with_patient_mirror(void **state)
{
	struct conversation	c;

	(void)state;
	reader(9, "sofia", ROLE_PATIENT);
	memset(&c, 0, sizeof c);
	c.kind = CONV_MIRROR;
	c.patient_id = 9;
	c.members = "marta, oriol, sofia";
	assert_string_equal(with(&c), "marta, oriol");
}

/*
 * Staff see the other members, never themselves; a name that only
 * begins like the reader's stays.
 */
static void
test_with_staff_others(void **state)
{
	struct conversation	c;

	(void)state;
	reader(3, "laia", ROLE_PROFESSIONAL);
	memset(&c, 0, sizeof c);
	c.kind = CONV_CARE;
	c.patient_id = 7;
	c.patient = "ana";
	c.members = "ana, laia, laiab";
	assert_string_equal(with(&c), "ana, laiab");
	c.members = "laia, ana";
	assert_string_equal(with(&c), "ana");
	/* A care conversation she reads as team, not yet a member. */
	c.members = "ana";
	assert_string_equal(with(&c), "ana");
}

/* Nobody else in it: the patient's name, else a dash. */
static void
test_with_fallbacks(void **state)
{
	struct conversation	c;

	(void)state;
	reader(3, "laia", ROLE_PROFESSIONAL);
	memset(&c, 0, sizeof c);
	c.kind = CONV_DIRECT;
	c.patient_id = 7;
	c.patient = "ana";
	c.members = "laia";
	assert_string_equal(with(&c), "ana");
	c.patient = NULL;
	c.patient_id = 0;
	c.members = "";
	assert_string_equal(with(&c), "-");
	c.members = NULL;
	assert_string_equal(with(&c), "-");
}

/* A short buffer is cut, never overrun, and stays terminated. */
static void
test_with_short_buffer(void **state)
{
	struct conversation	c;
	char			buf[9];

	(void)state;
	reader(3, "laia", ROLE_PROFESSIONAL);
	memset(&c, 0, sizeof c);
	c.kind = CONV_DIRECT;
	c.members = "anabel, bernat, carles, laia";
	memset(buf, 'x', sizeof buf);
	conversation_list_with(&c, buf, sizeof buf);
	assert_true(memchr(buf, '\0', sizeof buf) != NULL);
	assert_string_equal(buf, "anabel, ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_waited_boundaries),
		cmocka_unit_test(test_with_patient_team),
		cmocka_unit_test(test_with_patient_mirror),
		cmocka_unit_test(test_with_staff_others),
		cmocka_unit_test(test_with_fallbacks),
		cmocka_unit_test(test_with_short_buffer),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
