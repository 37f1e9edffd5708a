/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-compose-bar.h"
#include "fifolab-diagram.h"
#include "fifolab-error-bar.h"
#include "fifolab-lesson-stage.h"
#include "fifolab-lessons-page.h"
#include "fifolab-log-view.h"
#include "fifolab-peer-form.h"
#include "fifolab-pipe-details.h"
#include "fifolab-sequence-view.h"
#include "fifolab-tap-notice.h"
#include "fifolab-width-bin.h"
#include "fifolab-window.h"

G_BEGIN_DECLS

/* A pane beside the log that folds over it when they do not fit side by
 * side (fifolab-window-layout.c). */
typedef struct
{
  AdwFlap   *flap;
  /* Whether the user wants it shown while it fits beside the log (folded,
   * it is hidden until asked for). */
  gboolean   wanted;
  /* Folded and shown, it took the focus from this widget (a weak pointer),
   * where the focus goes back when it closes. */
  GtkWidget *return_focus;
  /* The pane's pages (the side pane's), NULL: none. Shown folded, the
   * focus goes into the page shown, not onto the switcher above it. */
  GtkStack  *pages;
  /* The pane's list (the pipe browser's), NULL: none. Shown folded, the
   * focus goes onto its current row, from where the arrows go from pipe
   * to pipe, not onto the first control in that row (its menu button). */
  GtkWidget *list;
} FifolabWindowPane;

/* The window's parts share this: fifolab-window.c (construction, the browser,
 * the side pane, holders), fifolab-window-actions.c (win.* actions and their
 * dialogs) and fifolab-window-dnd.c (drag and drop). */
struct _FifolabWindow
{
  AdwApplicationWindow  parent_instance;

  FifolabSession       *session;
  GSettings            *settings;
  FifolabPipeList      *pipes;
  GtkSingleSelection   *selection;
  char                 *target;
  char                 *pending_select;
  /* The pipe last pointed at, shown by the side pane when none is
   * selected: the one FIFO Lab opened an end of last (the session's
   * ::end-opened), or of the entry last chosen in the log (NULL before
   * either). */
  char                 *recent_pipe;
  /* A pipe made with Ctrl+N: its row takes the keyboard focus once it is
   * listed, selected and made (NULL for none), in an idle (focus_idle). */
  char                 *focus_row;
  guint                 focus_idle;
  gboolean              show_details;
  /* Whether the log has an entry to export (win.export's state). */
  gboolean              can_export;
  GtkNativeDialog      *file_chooser;
  /* The text of the last error shown (escaped), for the tests. */
  char                 *last_error;

  /* Holders: the application's monitor, the listed paths this window
   * watches while mapped, and whether it counts as the active window. */
  FifolabHolderMonitor *holder_monitor;
  GHashTable           *watched;
  gboolean              counted_active;
  FifolabHolderScan    *holder_scan;

  /* The side pane's Processes and Lessons pages, built the first time they
   * are shown (off screen at start, they made the first frame much later).
   * The diagram is made with the window and follows the session from the
   * start, so that it draws what happened before it was first shown. */
  FifolabDiagram       *diagram;
  FifolabPeerForm      *peer_form;
  FifolabLessonsPage   *lessons;

  /* The browser's page for a folder that cannot be listed, its title and
   * the model's message: built the first time a folder cannot be listed
   * (NULL until then). */
  GtkWidget            *problem_page;
  GtkLabel             *problem_title;
  GtkLabel             *problem_label;

  /* The pipe browser and the side pane (fifolab-window-layout.c). */
  FifolabWindowPane     browser_pane;
  FifolabWindowPane     side_pane;
  /* The folded side pane stepped aside for the pipe list, and comes back
   * when the list goes (fifolab-window-layout.c). */
  gboolean              side_stepped_aside;
  /* A row of the folded pipe list clicked: it closes once the row has
   * handled the click (fifolab-window-layout.c). */
  guint                 pipe_clicked_idle;
  /* The log's natural width in the .ui: the least it is given beside the
   * pipes, whatever its columns need. */
  int                   log_least_natural_width;
  /* The log's natural width to the side pane in the .ui (500), before the
   * window's own frame is taken from it (fifolab-window-layout.c). */
  int                   side_neighbour_natural_width;
  /* Where the focus was when the lessons' stage took it (weak). */
  GtkWidget            *stage_return_focus;

  /* Template */
  AdwFlap              *browser_flap;
  GtkStack             *browser_stack;
  FifolabComposeBar    *compose_bar;
  FifolabPipeDetails   *details;
  AdwButtonContent     *folder_button_content;
  GtkButton            *folder_button;
  FifolabLogView       *log_view;
  FifolabWidthBin      *log_width_bin;
  FifolabSequenceView  *sequence_view;
  GtkLabel             *list_problem_label;
  GMenuModel           *primary_menu;
  GtkMenuButton        *primary_menu_button;
  GtkListView          *pipe_list;
  AdwBin               *processes_bin;
  AdwBin               *lessons_bin;
  GtkWidget            *side_box;
  AdwFlap              *side_flap;
  FifolabWidthBin      *side_neighbour_bin;
  GtkWidget            *side_switcher;
  GtkWidget            *side_switcher_bin;
  GtkStack             *side_stack;
  GtkWidget            *log_page;
  GtkWidget            *stage_page;
  FifolabLessonStage   *stage;
  FifolabTapNotice     *tap_notice;
  FifolabErrorBar      *error_bar;
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
};

/* fifolab-window.c */
FifolabFolderModel *_fifolab_window_get_folder_model  (FifolabWindow *self);
void             _fifolab_window_ensure_processes  (FifolabWindow *self);
void             _fifolab_window_ensure_lessons    (FifolabWindow *self);
/* The lessons' stage in the window's main area (TRUE), or the log (FALSE). */
void             _fifolab_window_show_stage        (FifolabWindow *self,
                                                    gboolean       show);
gboolean         _fifolab_window_get_stage_shown   (FifolabWindow *self);
/* The keyboard focus on @path's row in the browser, once it is listed,
 * selected and its row made, as a file manager puts it on a new folder. */
void             _fifolab_window_focus_pipe_row    (FifolabWindow *self,
                                                    const char    *path);

/* fifolab-window-actions.c */
void             _fifolab_window_class_init_actions (GtkWidgetClass *widget_class);

/* fifolab-window-dnd.c */
void             _fifolab_window_init_dnd          (FifolabWindow *self);

/* fifolab-window-sequence.c */
void             _fifolab_window_init_sequence     (FifolabWindow *self);
void             _fifolab_window_load_sequence     (FifolabWindow *self);

/* fifolab-window-layout.c */
void             _fifolab_window_init_layout       (FifolabWindow *self);
void             _fifolab_window_set_show_details  (FifolabWindow *self,
                                                    gboolean       show);
void             _fifolab_window_dispose_layout    (FifolabWindow *self);
void             _fifolab_window_fit_frame         (FifolabWindow *self);
/* The focus into a part of the window that the user goes to next (a
 * folded pane, the lessons' stage), and back when it closes. */
gboolean         _fifolab_window_focus_is_in       (GtkWidget     *area);
void             _fifolab_window_focus_into        (GtkWidget     *area,
                                                    GtkWidget     *target,
                                                    GtkWidget    **return_focus);
void             _fifolab_window_focus_back        (gboolean       was_in,
                                                    GtkWidget    **return_focus,
                                                    GtkWidget     *fallback);

/* For the UI tests, which look at what the user sees. */
GListModel      *_fifolab_window_get_pipes         (FifolabWindow *self);
GtkWidget       *_fifolab_window_get_log_view      (FifolabWindow *self);
GtkWidget       *_fifolab_window_get_compose_bar   (FifolabWindow *self);
GtkWidget       *_fifolab_window_get_details       (FifolabWindow *self);
AdwToastOverlay *_fifolab_window_get_toast_overlay (FifolabWindow *self);
/* The text of the last error shown (escaped), or NULL; cleared between tests. */
const char      *_fifolab_window_get_last_error    (FifolabWindow *self);
void             _fifolab_window_clear_last_error  (FifolabWindow *self);

G_END_DECLS
