/* scorecard: evaluates a data file against the built-in catalogue and prints
 * one line per target: target, unit, status, explanation.
 *
 * usage: scorecard <data.csv|data.json> <period> [unit code...]
 *        (no unit code: the province; language: CHITIEU_LANG=en or vi)
 *
 * Build: see README.md (make, or one gcc line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu.h"

/* Prints the last error of this thread and exits. */
static void die(const char *what, chitieu_status status) {
    size_t needed = 0;
    chitieu_last_error_message(NULL, 0, &needed);
    char *msg = malloc(needed);
    if (msg != NULL && chitieu_last_error_message(msg, needed, &needed) == CHITIEU_OK) {
        fprintf(stderr, "%s: %s: %s\n", what, chitieu_status_name(status), msg);
    } else {
        fprintf(stderr, "%s: %s\n", what, chitieu_status_name(status));
    }
    free(msg);
    exit(1);
}

/* One field of outcome i as text, into a growing buffer (two-call pattern). */
static const char *field(const chitieu_result *r, size_t i, const char *key, chitieu_lang lang, char **buf, size_t *cap) {
    size_t needed = 0;
    chitieu_status st = chitieu_result_outcome_field(r, i, key, lang, *buf, *cap, &needed);
    if (st == CHITIEU_BUFFER_TOO_SMALL) {
        char *bigger = realloc(*buf, needed);
        if (bigger == NULL) exit(1);
        *buf = bigger;
        *cap = needed;
        st = chitieu_result_outcome_field(r, i, key, lang, *buf, *cap, &needed);
    }
    if (st == CHITIEU_NOT_FOUND) return "-"; /* null: e.g. no actual value */
    if (st != CHITIEU_OK) die(key, st);
    return *buf;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s <data.csv|data.json> <period> [unit code...]\n", argv[0]);
        return 2;
    }
    const char *env = getenv("CHITIEU_LANG");
    chitieu_lang lang = env != NULL && strcmp(env, "en") == 0 ? CHITIEU_LANG_EN : CHITIEU_LANG_VI;

    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    chitieu_dataset *data = NULL;
    chitieu_result *result = NULL;
    chitieu_status st;
    if ((st = chitieu_catalogue_builtin(&cat)) != CHITIEU_OK) die("catalogue", st);
    if ((st = chitieu_units_builtin(&units)) != CHITIEU_OK) die("units", st);
    if ((st = chitieu_dataset_from_path(cat, units, argv[1], &data)) != CHITIEU_OK) die(argv[1], st);
    st = chitieu_evaluate(cat, units, data, argv[2], (const char *const *)(argv + 3), (size_t)(argc - 3), &result);
    if (st != CHITIEU_OK) die("evaluate", st);

    size_t count = 0, warnings = 0, cap = 0;
    char *buf = NULL;
    chitieu_result_count(result, &count);
    chitieu_result_warning_count(result, &warnings);
    printf("chitieu %s: %s, period %s, %zu outcomes\n", chitieu_version(), argv[1], argv[2], count);
    for (size_t i = 0; i < warnings; i++) {
        size_t needed = 0;
        chitieu_result_warning(result, i, lang, NULL, 0, &needed);
        char *w = malloc(needed);
        if (w != NULL && chitieu_result_warning(result, i, lang, w, needed, &needed) == CHITIEU_OK) printf("warning: %s\n", w);
        free(w);
    }
    for (size_t i = 0; i < count; i++) {
        printf("%s", field(result, i, "target", lang, &buf, &cap));
        printf("\t%s", field(result, i, "unit", lang, &buf, &cap));
        printf("\t%s", field(result, i, "status", lang, &buf, &cap));
        if (strcmp(field(result, i, "governing", lang, &buf, &cap), "false") == 0) {
            printf(" (superseded by %s)", field(result, i, "superseded_by", lang, &buf, &cap));
        }
        printf("\t%s\n", field(result, i, "explanation", lang, &buf, &cap));
    }
    free(buf);
    chitieu_result_free(result);
    chitieu_dataset_free(data);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
    return 0;
}
