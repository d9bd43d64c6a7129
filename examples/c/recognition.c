/* recognition: certifies communes drug-free (Plan 50/KH-UBND) at a review
 * date and prints one line per commune in the programme: code, verdict,
 * name, then what stands in the way of each commune not certified.
 *
 * usage: recognition <YYYY-MM-DD> [<figures.csv> <events.csv> <register.csv>]
 *        (no files: the built-in SYNTHETIC 2024 programme sample;
 *         language: CHITIEU_LANG=en or vi; RECORD=log.jsonl BY="ROLE: NAME"
 *         appends the run to a decision log)
 *
 * Build: see README.md (make recognition). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu.h"

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

/* A growing text buffer filled with the two-call pattern. */
struct text {
    char *buf;
    size_t cap;
};

/* Makes room for `needed` bytes. */
static void grow(struct text *t, size_t needed) {
    t->buf = realloc(t->buf, needed);
    if (t->buf == NULL) exit(1);
    t->cap = needed;
}

/* A field of unit u ("name", "status", "track"...); "" when null. */
static const char *unit_field(struct text *t, const chitieu_report *r, size_t u, const char *key, chitieu_lang lang) {
    size_t needed = 0;
    chitieu_status st = chitieu_report_unit_field(r, u, key, lang, t->buf, t->cap, &needed);
    if (st == CHITIEU_BUFFER_TOO_SMALL) {
        grow(t, needed);
        st = chitieu_report_unit_field(r, u, key, lang, t->buf, t->cap, &needed);
    }
    if (st == CHITIEU_NOT_FOUND) return "";
    if (st != CHITIEU_OK) die(key, st);
    return t->buf;
}

/* Gap g of unit u in words. */
static const char *gap_text(struct text *t, const chitieu_report *r, size_t u, size_t g, chitieu_lang lang) {
    size_t needed = 0;
    chitieu_status st = chitieu_report_gap_text(r, u, g, lang, t->buf, t->cap, &needed);
    if (st == CHITIEU_BUFFER_TOO_SMALL) {
        grow(t, needed);
        st = chitieu_report_gap_text(r, u, g, lang, t->buf, t->cap, &needed);
    }
    if (st != CHITIEU_OK) die("gap", st);
    return t->buf;
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 5) {
        fprintf(stderr, "usage: %s <YYYY-MM-DD> [<figures.csv> <events.csv> <register.csv>]\n", argv[0]);
        return 2;
    }
    const char *l = getenv("CHITIEU_LANG");
    chitieu_lang lang = l != NULL && strcmp(l, "en") == 0 ? CHITIEU_LANG_EN : CHITIEU_LANG_VI;
    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    chitieu_inputs *in = NULL;
    chitieu_report *r = NULL;
    chitieu_status st;
    if ((st = chitieu_catalogue_builtin(&cat)) != CHITIEU_OK) die("catalogue", st);
    if ((st = chitieu_units_builtin(&units)) != CHITIEU_OK) die("units", st);
    st = argc == 5 ? chitieu_inputs_from_paths(cat, units, argv[2], argv[3], argv[4], &in) : chitieu_inputs_sample(&in);
    if (st != CHITIEU_OK) die("inputs", st);
    if ((st = chitieu_certify(cat, units, in, "kh50", argv[1], &r)) != CHITIEU_OK) die("certify", st);

    struct text t = {NULL, 0}, t2 = {NULL, 0}, t3 = {NULL, 0};
    size_t count = 0, certified = 0, listed = 0;
    chitieu_report_unit_count(r, &count);
    for (size_t u = 0; u < count; u++) {
        chitieu_decision d = CHITIEU_DECISION_NO_DATA;
        chitieu_report_unit_status(r, u, &d);
        if (strcmp(unit_field(&t, r, u, "level", CHITIEU_LANG_EN), "commune") != 0) continue;
        certified += d == CHITIEU_DECISION_CERTIFIED;
        /* Communes in the programme: with a track in the register. */
        if (unit_field(&t, r, u, "track", lang)[0] == '\0') continue;
        listed++;
        /* One buffer per text printed together: each call reuses its buffer. */
        printf("%s\t%s\t%s\n", unit_field(&t, r, u, "unit", lang), unit_field(&t2, r, u, "status", lang), unit_field(&t3, r, u, "name", lang));
        size_t gaps = 0;
        chitieu_report_gap_count(r, u, &gaps);
        for (size_t g = 0; g < gaps; g++) printf("\t- %s\n", gap_text(&t, r, u, g, lang));
    }
    printf("%zu communes in the programme listed; %zu communes certified at %s\n", listed, certified, argv[1]);

    const char *log = getenv("RECORD"), *by = getenv("BY");
    if (log != NULL && by != NULL) {
        size_t line = 0;
        if ((st = chitieu_report_record(r, log, by, &line)) != CHITIEU_OK) die("record", st);
        printf("recorded in %s, line %zu\n", log, line);
    }
    free(t.buf);
    free(t2.buf);
    free(t3.buf);
    chitieu_report_free(r);
    chitieu_inputs_free(in);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
    return 0;
}
