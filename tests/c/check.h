/* A minimal test harness for the C tests of libchitieu: CHECK counts
 * passes and failures, finish() prints the closing line "N passed, N failed"
 * and gives the exit code. */
#ifndef CHITIEU_TEST_CHECK_H
#define CHITIEU_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu.h"

static int tests_passed = 0;
static int tests_failed = 0;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (cond) {                                                          \
            tests_passed++;                                                  \
        } else {                                                             \
            tests_failed++;                                                  \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
        }                                                                    \
    } while (0)

static inline int finish(void) {
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 ? 0 : 1;
}

/* The last error message of this thread (caller frees), via the two-call
 * pattern. */
static inline char *last_error(void) {
    size_t needed = 0;
    chitieu_last_error_message(NULL, 0, &needed);
    char *buf = malloc(needed);
    if (buf == NULL) abort();
    if (chitieu_last_error_message(buf, needed, &needed) != CHITIEU_OK) buf[0] = '\0';
    return buf;
}

/* One field of an outcome as text (caller frees), or NULL with *status set. */
static inline char *outcome_field(const chitieu_result *r, size_t i, const char *key, chitieu_lang lang, chitieu_status *status) {
    size_t needed = 0;
    *status = chitieu_result_outcome_field(r, i, key, lang, NULL, 0, &needed);
    if (*status != CHITIEU_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(needed);
    if (buf == NULL) abort();
    *status = chitieu_result_outcome_field(r, i, key, lang, buf, needed, &needed);
    if (*status != CHITIEU_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The whole result as JSON (caller frees), or NULL. */
static inline char *result_json(const chitieu_result *r, chitieu_lang lang) {
    size_t needed = 0;
    if (chitieu_result_json(r, lang, 0, NULL, 0, &needed) != CHITIEU_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(needed);
    if (buf == NULL) abort();
    if (chitieu_result_json(r, lang, 0, buf, needed, &needed) != CHITIEU_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

#endif
