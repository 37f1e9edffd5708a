/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

#include "fifolab-proc-state.h"
#include "fifolab-step-watch.h"
#include "fifolab-types.h"

G_BEGIN_DECLS

/* Under AddressSanitizer, address-space limits and mallinfo2() do not apply. */
#if defined(__SANITIZE_ADDRESS__)
# define FIFOLAB_TEST_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define FIFOLAB_TEST_ASAN 1
# endif
#endif
#ifndef FIFOLAB_TEST_ASAN
# define FIFOLAB_TEST_ASAN 0
#endif

/* A fresh private temporary folder (mode 0700), removed with its contents by
 * fifolab_test_tmpdir_free(). */
char     *fifolab_test_tmpdir_new        (void);
void      fifolab_test_tmpdir_free       (char *dir);
/* Iterates the default main context until *flag is TRUE or @timeout_ms passes;
 * returns the flag. Never hangs a test. */
gboolean  fifolab_test_wait_for          (const gboolean *flag,
                                          guint           timeout_ms);
/* Iterates until @check returns TRUE or the time passes. */
gboolean  fifolab_test_wait_until        (gboolean      (*check) (gpointer data),
                                          gpointer        data,
                                          guint           timeout_ms);
/* Iterates the default main context for @ms milliseconds. */
void      fifolab_test_run_for           (guint           ms);
/* Drops the caller's reference to @object (transfer full) and iterates
 * until it is finalized (what still held it, a task coming back cancelled,
 * has let it go) or @timeout_ms passes; returns whether it was finalized. */
gboolean  fifolab_test_unref_finalized   (gpointer        object,
                                          guint           timeout_ms);
/* Resident memory of this process in bytes, from /proc/self/statm; 0 when
 * it cannot be read. */
gsize     fifolab_test_rss_bytes         (void);
/* Number of entries in /proc/self/fd. */
guint     fifolab_test_count_fds         (void);
/* Path of the built fifolab-peer (from FIFOLAB_PEER in the test environment). */
const char *fifolab_test_peer_path       (void);
/* Starts @argv (fifolab_spawn(): the pid is known even if the child has
 * already exited and been reaped) with @flags; the child is killed if the
 * test program dies. Fails the test if it cannot start. Stores the pid in
 * @pid if not NULL. */
GSubprocess *fifolab_test_spawn_with     (GSubprocessLauncher *launcher,
                                          const char * const  *argv,
                                          GPid                *pid);
GSubprocess *fifolab_test_spawnv         (GSubprocessFlags     flags,
                                          const char * const  *argv,
                                          GPid                *pid);
GSubprocess *fifolab_test_spawn          (GSubprocessFlags     flags,
                                          GPid                *pid,
                                          const char          *first,
                                          ...) G_GNUC_NULL_TERMINATED;
/* The python3 to run the seed's programs and helper scripts with. */
const char *fifolab_test_python          (void);
/* @prefix followed by @n copies of @unit. */
char     *fifolab_test_repeat            (const char     *prefix,
                                          const char     *unit,
                                          guint           n);
/* Process CPU time (user + system) in microseconds. */
gint64    fifolab_test_cpu_time_us       (void);
/* Creates the FIFO @name (mode 0600) in @dir; returns its path (transfer full). */
char     *fifolab_test_make_fifo         (const char     *dir,
                                          const char     *name);
/* For a test fixture: a fresh private folder in *@dir holding one FIFO,
 * @name, in *@path; and removing both (fifolab_test_fifo_clear() frees the
 * strings and sets them to NULL). */
void      fifolab_test_fifo_init         (char          **dir,
                                          char          **path,
                                          const char     *name);
void      fifolab_test_fifo_clear        (char          **dir,
                                          char          **path);
/* The same as a g_test_add() fixture (typedef FifolabTestFifo Fixture):
 * the FIFO is named "my_pipe", as in the book. */
typedef struct
{
  char *dir;
  char *path;
} FifolabTestFifo;

void      fifolab_test_fifo_setup        (FifolabTestFifo *f,
                                          gconstpointer    data);
void      fifolab_test_fifo_teardown     (FifolabTestFifo *f,
                                          gconstpointer    data);
/* A FIFO, "my_pipe", in a private folder and a session that frames it by
 * lines, as a g_test_add() fixture (typedef FifolabTestSessionFifo
 * Fixture). */
typedef struct
{
  char                  *dir;
  char                  *path;
  struct _FifolabSession *session;
} FifolabTestSessionFifo;

void      fifolab_test_session_fifo_setup    (FifolabTestSessionFifo *fx,
                                              gconstpointer           data);
void      fifolab_test_session_fifo_teardown (FifolabTestSessionFifo *fx,
                                              gconstpointer           data);
/* Runs `/bin/sh -c @script` in @dir under `fifolab-peer watch @path --json`
 * from its start, and returns the records it wrote, in order (a GPtrArray
 * of FifolabWatchRecord, transfer full); a watch that fails fails the
 * test, its stderr told as a test message. */
GPtrArray *fifolab_test_watch_script     (const char     *dir,
                                          const char     *path,
                                          const char     *script);
/* A script for fifolab_test_watch_script(): `cat @path` starts, the
 * shell opens the write end, waits for cat to sleep in read() (system call
 * 0, state S), then writes the line @text (no '%' or quote in it) and
 * closes: a read that blocked before the write began. Transfer full. */
char     *fifolab_test_blocked_read_script (const char  *path,
                                            const char  *text);
/* The watch record of the --json line @line; a line that is none fails
 * the test (transfer full). */
FifolabWatchRecord *fifolab_test_record_from_json (const char *line);
/* Whether a watch may trace the processes a test starts, else the test is
 * skipped with the reason: not in a sanitizer build (a traced process of
 * one cannot run LeakSanitizer at its exit), and Yama's ptrace_scope below
 * @max_scope (1: the processes are not the watch's descendants; 2: they
 * are its COMMAND's). */
gboolean  fifolab_test_watch_supported   (int             max_scope);
/* The path of one of the seed chapter's programs (write_to_named_pipe.py,
 * read_from_named_pipe.py), from FIFOLAB_SEED_DIR or the test source folder;
 * asserts that it exists. Transfer full. */
char     *fifolab_test_seed_script       (const char     *name);
/* A process (a shell) that holds @path open for writing, and writes
 * nothing, from when this returns until fifolab_test_writer_end(); its pid
 * in @pid. A reader of @path must be there (it opens blocking). */
GSubprocess *fifolab_test_writer_hold    (const char     *path,
                                          GPid           *pid);
void      fifolab_test_writer_end        (GSubprocess    *proc);
/* The kinds an endpoint (a FifolabReader or FifolabWriter) emits on ::event,
 * in order: an array of FifolabEventKind kept filled from now on (it holds a
 * reference of its own for the handler: unref it whenever). */
GArray   *fifolab_test_record_events     (gpointer        endpoint);
/* A message of @size bytes, "0123456789" repeated (transfer full). */
GBytes   *fifolab_test_bytes_sized       (gsize           size);
/* The entries of @log with @direction, after a flush, in order (a new
 * array of references). */
GPtrArray *fifolab_test_log_entries      (gpointer        log,
                                          FifolabDirection direction);
/* How many times @kind is in @events. */
guint     fifolab_test_count_events      (GArray         *events,
                                          FifolabEventKind kind);

/* A copy of a list model's item keys, rebuilt only from its items-changed
 * emissions: after each one (and at fifolab_test_mirror_check()) it must equal
 * the model item for item, so a wrong position or count shows. @key gives an
 * item's key (not owned); @check, if not NULL, asserts more of the item at
 * @position, given the keys as they are. */
typedef struct
{
  GListModel  *model;
  GPtrArray   *keys;        /* char *, one per item */
  guint        n_changes;   /* items-changed emissions seen */

  /* < private > */
  const char *(*key)   (gpointer item);
  void        (*check) (gpointer item, guint position, GPtrArray *keys);
  gulong       handler;
} FifolabTestMirror;

FifolabTestMirror *fifolab_test_mirror_new   (GListModel   *model,
                                              const char *(*key)   (gpointer item),
                                              void        (*check) (gpointer   item,
                                                                    guint      position,
                                                                    GPtrArray *keys));
void      fifolab_test_mirror_check      (FifolabTestMirror *mirror);
void      fifolab_test_mirror_free       (FifolabTestMirror *mirror);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabTestMirror, fifolab_test_mirror_free)

/* Waits for @proc's child to end, then drops @proc (transfer full) and
 * returns only once GLib has let go of every descriptor it held for the
 * child: the pidfd of its child watch and a g_subprocess_wait()'s context,
 * which GLib's worker thread releases when it gets the CPU, and @proc's
 * pipes. No other reference to @proc may be held. Afterwards the number of
 * open descriptors no longer moves because of that child. */
void      fifolab_test_subprocess_release (GSubprocess   *proc);
/* Makes the descriptors GLib opens once, on first use (the main context's
 * wakeup, the worker thread's, /dev/null for children), by running one child
 * to its end and releasing it (fifolab_test_subprocess_release()): call it
 * before any descriptor is counted. */
void      fifolab_test_warm_up           (void);
/* Asserts that exactly @n descriptors are open; if not, lists them first
 * (g_test_message()). Counts are exact once every child spawned since the
 * count was taken was released with fifolab_test_subprocess_release(). */
void      fifolab_test_assert_fds        (guint           n);
/* Iterates until @reader (a FifolabReader) has received more than @before
 * messages, or @timeout_ms passes; returns whether it has. */
gboolean  fifolab_test_wait_received     (gpointer        reader,
                                          guint64         before,
                                          guint           timeout_ms);
/* Runs @peer (the built fifolab-peer if NULL) with @args, its stdout
 * silenced and its stdin inherited; @setup, if not NULL, runs in the child
 * before exec. Waits for it, and releases it (fifolab_test_subprocess_release());
 * returns its exit status (failing the test if it did not exit), and its
 * stderr in @err. */
int       fifolab_test_run_peer          (const char           *peer,
                                          const char * const   *args,
                                          GSpawnChildSetupFunc  setup,
                                          char                **err);

/* A child process (fifolab_test_spawnv()) whose stdout is collected into
 * @out while the main loop runs; @done once it has ended. */
typedef struct
{
  GSubprocess *proc;
  GPid         pid;
  char        *out;
  gboolean     done;
} FifolabTestChild;

FifolabTestChild *fifolab_test_child_spawn (const char * const *argv);
/* For fifolab_test_wait_until(): whether the child has ended. */
gboolean  fifolab_test_child_done        (gpointer           child);
/* Waits for the child to end; asserts that it exited with status 0. */
void      fifolab_test_child_wait_ok     (FifolabTestChild  *child,
                                          guint              timeout_ms);
/* Kills the child if it is still running, and waits for it. */
void      fifolab_test_child_free        (FifolabTestChild  *child);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabTestChild, fifolab_test_child_free)

/* What an endpoint (a FifolabReader or FifolabWriter) emits from now on:
 * the kinds of its ::event in order and, for a reader, the payloads of its
 * ::message with their flags. fifolab_test_recorder_clear() disconnects
 * from the endpoint if it is still alive and frees the arrays. */
typedef struct
{
  GArray    *events;    /* FifolabEventKind */
  GPtrArray *messages;  /* GBytes */
  GArray    *flags;     /* guint, one per message */

  /* < private > */
  GWeakRef   endpoint;
} FifolabTestRecorder;

void      fifolab_test_recorder_init     (FifolabTestRecorder *rec,
                                          gpointer             endpoint);
void      fifolab_test_recorder_clear    (FifolabTestRecorder *rec);
/* The index of the first event of @kind, or -1. */
int       fifolab_test_recorder_find     (FifolabTestRecorder *rec,
                                          FifolabEventKind     kind);
/* Iterate until an event of @kind is recorded, or until @n messages are;
 * return whether it is so before @timeout_ms. */
gboolean  fifolab_test_recorder_wait_event    (FifolabTestRecorder *rec,
                                               FifolabEventKind     kind,
                                               guint                timeout_ms);
gboolean  fifolab_test_recorder_wait_messages (FifolabTestRecorder *rec,
                                               guint                n,
                                               guint                timeout_ms);
/* Asserts that message @i is @text, flagged @flags. */
void      fifolab_test_recorder_assert_message (FifolabTestRecorder *rec,
                                                guint                i,
                                                const char          *text,
                                                guint                flags);

/* A FifolabLog (@log) exported in @format, in memory. */
GBytes   *fifolab_test_export            (gpointer             log,
                                          FifolabExportFormat  format);
/* A FifolabLog (@log) exported as JSON Lines (a recording), in memory or
 * saved as @dir/@name (the path returned). */
GBytes   *fifolab_test_export_jsonl      (gpointer        log);
char     *fifolab_test_save_jsonl        (gpointer        log,
                                          const char     *dir,
                                          const char     *name);

/* Asserts that @bytes is there and holds exactly the @len bytes at @data. */
void      fifolab_test_assert_bytes      (GBytes         *bytes,
                                          const void     *data,
                                          gsize           len);

/* The index of @lesson's step whose action is @action_id (a FifolabLesson);
 * none fails the test. */
guint     fifolab_test_lesson_step_of    (gpointer        lesson,
                                          const char     *action_id);
/* The two peers (FifolabPeerProcess) @lesson (a FifolabLesson) has
 * started, its writer and its reader (transfer none: the lesson's list
 * of peers holds them); any other number fails the test. */
void      fifolab_test_lesson_pair       (gpointer        lesson,
                                          gpointer       *writer,
                                          gpointer       *reader);
/* A lazy reader of the FIFO @path (a shell, its pid in @pid): it opens
 * the read end (waiting in open() while no writer is there), reads nothing
 * until fifolab_test_lazy_reader_go(), then drains the pipe into the file
 * @out (NULL: /dev/null) until the last writer closes. _go() lets it
 * read and waits until it has ended well. */
GSubprocess *fifolab_test_lazy_reader_new (const char     *path,
                                           const char     *out,
                                           GPid           *pid);
void      fifolab_test_lazy_reader_go    (GSubprocess    *reader);
/* A line ("go") on @proc's stdin: a shell waiting in `read _` goes on.
 * _last() closes the stdin after it (a later `read` gets the end). A
 * failed write or close fails the test. */
void      fifolab_test_go_ahead          (GSubprocess    *proc);
void      fifolab_test_go_ahead_last     (GSubprocess    *proc);
/* Whether @peer (a FifolabPeerProcess) has exited: a fifolab_test_wait_until() check. */
gboolean  fifolab_test_peer_exited       (gpointer        peer);
/* Whether @peer (a FifolabPeerProcess) has printed a line: likewise. */
gboolean  fifolab_test_peer_has_output   (gpointer        peer);

/* How fifolab_test_step_until() steps a FifolabStepWatch: @held says whether
 * a call waits (NULL: the watch holds one); @check (unless NULL) asserts what
 * must hold while it waits; @reached says whether to stop there, before
 * stepping; @step lets the oldest call go, given how many went before (NULL:
 * fifolab_step_watch_step()). Each gets the @data given with it. */
typedef struct
{
  gboolean (*held)    (gpointer data);
  void     (*check)   (gpointer data);
  gboolean (*reached) (gpointer data);
  void     (*step)    (gpointer data,
                       guint    n);
} FifolabTestStepper;

/* Steps @watch one held call at a time as @stepper
 * says, until it has @reached. Fails the test when nothing waits within
 * @timeout_ms, or after @max_steps steps. Returns the steps taken. */
guint     fifolab_test_step_until        (FifolabStepWatch         *watch,
                                          const FifolabTestStepper *stepper,
                                          gpointer                  data,
                                          guint                     max_steps,
                                          guint                     timeout_ms);
/* Two fifolab-peer writers write @count lines of @template_ each, at once,
 * into the FIFO @path, which @session then reads with line framing, checked
 * against @template_ by @inspector (given to @session). That lines over
 * PIPE_BUF interleave is made certain, not left to the scheduler: a read end
 * is held and the pipe made one page, so both writers are asleep in write()
 * in the middle of their first line before the session's reader opens; the
 * kernel then lets each in a page at a time. Returns once both have exited
 * and every byte was read, the session's log flushed (the reader stays
 * open). A FifolabSession and a FifolabInspector, as gpointer: this header
 * does not need theirs. */
void      fifolab_test_two_writers_torn  (gpointer        session,
                                          gpointer        inspector,
                                          const char     *path,
                                          const char     *template_,
                                          guint           count,
                                          guint           timeout_ms);

/* fifolab_test_wait_until() checks on a process, @pid as GINT_TO_POINTER:
 * whether it waits in open() of a FIFO (its wchan), and whether it waits in
 * read() on a pipe (its open() has returned and its descriptor is in its
 * table, where a holder scan sees it). */
gboolean  fifolab_test_in_fifo_open      (gpointer        pid);
gboolean  fifolab_test_in_read           (gpointer        pid);
/* A process, a FIFO and what it may do on it. */
typedef struct
{
  GPid                 pid;
  const char          *path;
  FifolabProcActivity  activity;
} FifolabTestActivity;
/* For fifolab_test_wait_until(): whether the kernel says (through
 * fifolab_proc_state_read_path()) that the FifolabTestActivity @query's
 * process does its activity on its FIFO now (FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED:
 * it is blocked in a write to it, full). */
gboolean  fifolab_test_does              (gpointer        query);
/* Whether the FIFO @path is full: the bytes queued in it (FIONREAD) are
 * its capacity, seen from a read end of our own opened without blocking (a
 * reader that never reads takes nothing, and its close wakes no one while
 * another reader holds on). */
gboolean  fifolab_test_fifo_full         (const char     *path);
/* A process asleep in a call on a FIFO: @nr is how /proc/PID/syscall
 * starts while it is in the call ("1 ": write, "20 ": writev). */
typedef struct
{
  const char *path;
  GPid        pid;
  const char *nr;
} FifolabTestAsleep;
/* For fifolab_test_wait_until(): whether the FifolabTestAsleep @asleep's
 * process sleeps in its call, the FIFO full: part of its bytes went in, it
 * waits for room for the rest. */
gboolean  fifolab_test_asleep_filling    (gpointer        asleep);
/* The state letter of process @pid in /proc/PID/stat ('R', 'S', 'Z', 'T',
 * 't'...), 0 when it cannot be read (the process is gone). */
char      fifolab_test_proc_state_letter (gint64          pid);
/* The inode at @path (lstat(); asserts that there is one). */
ino_t     fifolab_test_inode_of          (const char     *path);
/* A name and the inode it held: fifolab_test_wait_until() checks of
 * whether it holds another now (a tap swapped it), or that one again. */
typedef struct
{
  const char *path;
  ino_t       ino;
} FifolabTestInode;
gboolean  fifolab_test_inode_differs     (gpointer        inode);
gboolean  fifolab_test_inode_is          (gpointer        inode);
/* The process tracing @pid (its TracerPid's thread group), 0 when none. */
GPid      fifolab_test_tracer_of         (GPid            pid);
/* A process and the process that is to trace it. */
typedef struct
{
  GPid pid;
  GPid tracer;
} FifolabTestTraced;
/* For fifolab_test_wait_until(): whether the FifolabTestTraced @query's
 * process is traced by its tracer. */
gboolean  fifolab_test_traced_by         (gpointer        query);

G_END_DECLS
