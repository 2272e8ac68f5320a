/*
 * A test case of the normal-world FF-A clients (guests/xtest, guests/linux): the name and title
 * they print, as OP-TEE's xtest does, and the function that runs it. Freestanding.
 */
#ifndef JAFFA_TEST_CASE_H
#define JAFFA_TEST_CASE_H

enum case_result { CASE_OK, CASE_FAILED, CASE_SKIPPED };

struct test_case {
    const char *name;
    const char *title;
    enum case_result (*fn)(void);
};

#endif
