/* Many threads share one catalogue, one unit registry and one dataset and
 * evaluate at the same time: every thread must get the same JSON as the
 * main thread, and its own last error. Spreadsheet calls (which build the
 * process-wide catalogue on first use) run concurrently too.
 *
 * usage: test_threads <tests/scenarios/data/section8.csv> */
#include <pthread.h>

#include "check.h"

#define THREADS 8
#define ROUNDS 5

static const chitieu_catalogue *cat;
static const chitieu_units *units;
static const chitieu_dataset *data;
static const char *expected_json;
static const char *codes[] = {"193", "194", "195", "196", "198", "199", "22"};

struct job {
    int index;
    int failures;
};

static void *work(void *arg) {
    struct job *job = arg;
    for (int round = 0; round < ROUNDS; round++) {
        chitieu_result *r = NULL;
        if (chitieu_evaluate(cat, units, data, "2023", codes, sizeof codes / sizeof codes[0], &r) != CHITIEU_OK) {
            job->failures++;
            continue;
        }
        char *json = result_json(r, CHITIEU_LANG_VI);
        if (json == NULL || strcmp(json, expected_json) != 0) job->failures++;
        free(json);
        chitieu_result_free(r);

        /* Each thread has its own last error. */
        const char *unit = job->index % 2 ? "1" : "99";
        const char *bad[1] = {unit};
        if (chitieu_evaluate(cat, units, data, "2023", bad, 1, &r) != CHITIEU_NOT_FOUND) job->failures++;
        char *m = last_error();
        char want[64];
        snprintf(want, sizeof want, "unknown unit code '%s'", unit);
        if (strstr(m, want) == NULL) job->failures++;
        free(m);

        if (chitieu_xl_check("nq314.crime.clearance_rate", 79 + (job->index % 2), 100, 1) != (job->index % 2 ? 1 : 0)) job->failures++;
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <section8.csv>\n", argv[0]);
        return 2;
    }
    chitieu_catalogue *c = NULL;
    chitieu_units *u = NULL;
    chitieu_dataset *d = NULL;
    CHECK(chitieu_catalogue_builtin(&c) == CHITIEU_OK, "catalogue");
    CHECK(chitieu_units_builtin(&u) == CHITIEU_OK, "units");
    CHECK(chitieu_dataset_from_path(c, u, argv[1], &d) == CHITIEU_OK, "data %s", argv[1]);
    if (d == NULL) return finish();
    cat = c;
    units = u;
    data = d;

    chitieu_result *r = NULL;
    CHECK(chitieu_evaluate(cat, units, data, "2023", codes, sizeof codes / sizeof codes[0], &r) == CHITIEU_OK, "reference evaluation");
    char *json = result_json(r, CHITIEU_LANG_VI);
    CHECK(json != NULL && strstr(json, "\"outcomes\"") != NULL, "reference JSON");
    expected_json = json;
    chitieu_result_free(r);

    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i].index = i;
        jobs[i].failures = 0;
        CHECK(pthread_create(&threads[i], NULL, work, &jobs[i]) == 0, "thread %d", i);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(jobs[i].failures == 0, "thread %d: %d wrong answers", i, jobs[i].failures);
    }
    free(json);
    chitieu_dataset_free(d);
    chitieu_units_free(u);
    chitieu_catalogue_free(c);
    return finish();
}
