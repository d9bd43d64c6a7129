/* The spreadsheet functions beyond one cell: targets resolved once, range
 * calls with blanks, refusals of what a data file would refuse (with the
 * reason), unknown ids, and the last-error getters' NULL handling. Runs on
 * Linux (under valgrind) and, cross-compiled, on Windows (under Wine). */
#include "check.h"

static char *xl_message(void) {
    uint16_t buf[1024];
    int32_t needed = 0;
    static char out[1024];
    out[0] = '\0';
    if (chitieu_xl_last_error_w(buf, 1024, &needed) != 0) return out;
    /* The messages tested here are ASCII. */
    for (int32_t i = 0; i < needed && i < 1023; i++) out[i] = (char)buf[i];
    out[1023] = '\0';
    return out;
}

static void handles(void) {
    const chitieu_xl_target *t = NULL, *again = NULL;
    CHECK(chitieu_xl_target_find("nq314.crime.clearance_rate", &t) == 0 && t != NULL, "resolve");
    CHECK(chitieu_xl_target_find("nq314.crime.clearance_rate", &again) == 0 && again == t, "resolved once: the same handle");
    CHECK(chitieu_xl_target_check(t, 79, 100, 1) == CHITIEU_OUTCOME_NOT_MET, "79/100");
    CHECK(chitieu_xl_target_check(t, 80, 100, 1) == CHITIEU_OUTCOME_MET, "80/100");
    CHECK(chitieu_xl_target_check(t, 0, 0, 1) == CHITIEU_OUTCOME_NOT_APPLICABLE, "0/0");
    CHECK(chitieu_xl_target_check(NULL, 1, 1, 1) == CHITIEU_XL_ERROR - CHITIEU_NULL_POINTER, "NULL handle");

    const chitieu_xl_target *bad = (const chitieu_xl_target *)1;
    CHECK(chitieu_xl_target_find("nq314.crime.clearance_rat", &bad) == CHITIEU_XL_ERROR - CHITIEU_NOT_FOUND && bad == NULL, "unknown id");
    CHECK(strstr(xl_message(), "did you mean 'nq314.crime.clearance_rate'") != NULL, "did you mean: %s", xl_message());
    uint16_t wide[] = {'n', 'q', '3', '1', '4', '.', 'c', 'r', 'i', 'm', 'e', '.', 't', 'o', 't', 'a', 'l', '_', 'c', 'a', 's', 'e', 's', '_', '2', '0', '2', '5', 0};
    const chitieu_xl_target *change = NULL;
    CHECK(chitieu_xl_target_find_w(wide, &change) == 0, "UTF-16 id");
    CHECK(chitieu_xl_target_check(change, 950, 1000, 1) == CHITIEU_OUTCOME_MET, "950 vs 1000 is 5%% less");
    CHECK(chitieu_xl_target_check(change, 951, 1000, 1) == CHITIEU_OUTCOME_NOT_MET, "951 vs 1000");
    CHECK(chitieu_xl_target_check(change, 950, 0, 1) == CHITIEU_OUTCOME_NOT_APPLICABLE, "zero baseline");
    CHECK(chitieu_xl_target_check(change, 950, 0, 0) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "baseline missing");
    CHECK(strstr(xl_message(), "give the value and the baseline value") != NULL, "%s", xl_message());
}

/* What the data loader refuses, a cell refuses too, with the reason (issue 12 item 7). */
static void refusals(void) {
    struct {
        const char *target;
        double value, second;
        const char *reason;
    } cases[] = {
        {"nq314.crime.clearance_rate", 101, 100, "crimes_solved is larger than its whole crimes_recorded = 100"},
        {"nq314.crime.clearance_rate", -1, 100, "numerator -1 (crimes_solved) is not a valid value: expected a count, which cannot be negative"},
        {"nq314.crime.clearance_rate", 79.5, 100, "numerator 79.5 (crimes_solved) is not a valid value: expected a whole number (a count)"},
        {"nq314.crime.clearance_rate", 79, 100.5, "denominator 100.5 (crimes_recorded)"},
        {"nq314.crime.total_cases_2025", -950, 1000, "value -950"},
        {"nq314.crime.total_cases_2025", 950, -1, "baseline -1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t code = chitieu_xl_check(cases[i].target, cases[i].value, cases[i].second, 1);
        CHECK(code == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "%s %g/%g gives %d", cases[i].target, cases[i].value, cases[i].second, code);
        CHECK(strstr(xl_message(), cases[i].reason) != NULL, "message '%s' lacks '%s'", xl_message(), cases[i].reason);
        double m = 7;
        code = chitieu_xl_margin(cases[i].target, cases[i].value, cases[i].second, 1, &m);
        CHECK(code == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "margin refuses too: %d", code);
        char buf[256];
        int32_t needed = 0;
        code = chitieu_xl_explain(cases[i].target, cases[i].value, cases[i].second, 1, CHITIEU_LANG_EN, buf, sizeof buf, &needed);
        CHECK(code == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "explanation refuses too: %d", code);
    }
    CHECK(chitieu_xl_check("nq314.crime.clearance_rate", 100, 100, 1) == CHITIEU_OUTCOME_MET, "a part equal to its whole");
}

static void ranges(void) {
    const chitieu_xl_target *t = NULL;
    CHECK(chitieu_xl_target_find("nq314.crime.clearance_rate", &t) == 0, "resolve");
    double values[] = {79, 80, 0, 101, 5, 12, 7};
    double seconds[] = {100, 100, 0, 100, 0, 15, 10};
    int32_t present[] = {3, 3, 3, 3, CHITIEU_XL_SECOND, CHITIEU_XL_VALUE, 3};
    int32_t codes[7];
    double margins[7];
    int32_t refused = chitieu_xl_range(t, values, seconds, present, 7, codes, margins);
    CHECK(refused == 1, "one refused cell: %d", refused);
    int32_t expected[] = {0, 1, -2, -101, -1, -1, 0};
    for (int i = 0; i < 7; i++) {
        CHECK(codes[i] == expected[i], "cell %d: %d, expected %d", i, codes[i], expected[i]);
        CHECK(codes[i] == -101 || codes[i] == chitieu_xl_check("nq314.crime.clearance_rate", values[i], seconds[i], 1) || !(present[i] == 3),
              "cell %d as one call", i);
    }
    CHECK(margins[0] == -1 && margins[1] == 0 && margins[6] == -10, "margins %g %g %g", margins[0], margins[1], margins[6]);
    CHECK(margins[2] != margins[2] && margins[3] != margins[3] && margins[4] != margins[4], "NaN where there is no margin");

    /* Whole-call failures. */
    CHECK(chitieu_xl_range(t, values, NULL, NULL, 7, codes, NULL) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "a rate needs seconds");
    CHECK(strstr(xl_message(), "seconds is NULL") != NULL, "%s", xl_message());
    CHECK(chitieu_xl_range(t, values, seconds, NULL, -1, codes, NULL) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "negative count");
    CHECK(chitieu_xl_range(t, NULL, seconds, NULL, 7, codes, NULL) == CHITIEU_XL_ERROR - CHITIEU_NULL_POINTER, "NULL values");
    CHECK(chitieu_xl_range(t, values, seconds, NULL, 7, NULL, NULL) == CHITIEU_XL_ERROR - CHITIEU_NULL_POINTER, "NULL codes");
    CHECK(chitieu_xl_range(t, NULL, NULL, NULL, 0, NULL, NULL) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "no seconds even for zero cells");
    CHECK(chitieu_xl_range(t, NULL, seconds, NULL, 0, NULL, NULL) == 0, "zero cells");

    /* Explanations of a range: count texts, each NUL-terminated. */
    int32_t needed = 0;
    CHECK(chitieu_xl_explain_range(t, values, seconds, present, 7, CHITIEU_LANG_EN, codes, NULL, 0, &needed) == CHITIEU_XL_ERROR - CHITIEU_BUFFER_TOO_SMALL, "size query");
    char *buf = malloc((size_t)needed);
    CHECK(chitieu_xl_explain_range(t, values, seconds, present, 7, CHITIEU_LANG_EN, codes, buf, needed, &needed) == 1, "explained");
    const char *p = buf;
    const char *texts[7];
    for (int i = 0; i < 7; i++) {
        texts[i] = p;
        p += strlen(p) + 1;
    }
    CHECK(p == buf + needed, "seven texts fill the buffer");
    CHECK(strncmp(texts[0], "Crime clearance rate: 79/100 = 79.00% < 80%", 43) == 0, "%s", texts[0]);
    CHECK(strstr(texts[3], "larger than its whole") != NULL, "%s", texts[3]);
    CHECK(texts[4][0] == '\0' && texts[5][0] == '\0', "blank cells have no text");
    CHECK(strstr(texts[2], "denominator") != NULL && strstr(texts[6], "7/10") != NULL, "%s / %s", texts[2], texts[6]);
    free(buf);

    /* The same in UTF-16, one unit short, then right. */
    uint16_t *w = NULL;
    CHECK(chitieu_xl_explain_range_w(t, values, seconds, present, 7, CHITIEU_LANG_VI, codes, NULL, 0, &needed) == CHITIEU_XL_ERROR - CHITIEU_BUFFER_TOO_SMALL, "size query w");
    w = malloc(sizeof(uint16_t) * (size_t)needed);
    CHECK(chitieu_xl_explain_range_w(t, values, seconds, present, 7, CHITIEU_LANG_VI, codes, w, needed - 1, &needed) == CHITIEU_XL_ERROR - CHITIEU_BUFFER_TOO_SMALL && w[0] == 0, "one short");
    CHECK(chitieu_xl_explain_range_w(t, values, seconds, present, 7, CHITIEU_LANG_VI, codes, w, needed, &needed) == 1, "explained w");
    int nuls = 0;
    for (int32_t i = 0; i < needed; i++) nuls += w[i] == 0;
    CHECK(nuls == 7 && w[needed - 1] == 0, "seven NULs: %d", nuls);
    CHECK(w[0] == 0x0054 && w[1] == 0x1EF7, "Vietnamese: U+%04X U+%04X", w[0], w[1]);
    free(w);
}

static void last_error_getters(void) {
    /* A data error that names a column, then the getters' NULL handling. */
    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    chitieu_dataset *d = NULL;
    chitieu_catalogue_builtin(&cat);
    chitieu_units_builtin(&units);
    const char *csv = "unit_code,period,crimes_recorded,crimes_solved\n22,2023,100,abc\n";
    CHECK(chitieu_dataset_from_csv_text(cat, units, csv, "f.csv", &d) == CHITIEU_DATA_ERROR, "bad value");
    size_t needed = 0;
    CHECK(chitieu_last_error_column(NULL, 5, &needed) == CHITIEU_NULL_POINTER, "column into NULL with capacity 5");
    CHECK(chitieu_last_error_column(NULL, 0, &needed) == CHITIEU_BUFFER_TOO_SMALL && needed == strlen("crimes_solved") + 1, "size query");
    CHECK(chitieu_last_error_status() == CHITIEU_DATA_ERROR, "the getters keep the error");
    chitieu_units *more = NULL;
    chitieu_units_builtin(&more);
    CHECK(chitieu_last_error_column(NULL, 5, &needed) == CHITIEU_NULL_POINTER, "NULL with no column named either");
    CHECK(chitieu_last_error_column(NULL, 0, &needed) == CHITIEU_NOT_FOUND, "no column named");
    chitieu_units_free(more);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
}

int main(void) {
    handles();
    refusals();
    ranges();
    last_error_getters();
    return finish();
}
