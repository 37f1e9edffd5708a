/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-accessible.h"
#include "fifolab-compose-bar.h"
#include "fifolab-compose-history.h"
#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-log-view.h"
#include "fifolab-pipe-framings.h"
#include "fifolab-stamp.h"

/* Longest preview shown (the count tells the real size). */
#define PREVIEW_MAX_CHARS 240
/* Messages queued per main-loop iteration when repeating with no interval. */
#define SEND_BATCH        1000
#define MAX_HISTORY       100

struct _FifolabComposeBar
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkButton       *clear_queue_button;
  GtkLabel        *count_label;
  GtkLabel        *error_label;
  GtkSpinButton   *fixed_size_spin;   /* NULL until Fixed size is first chosen */
  GtkDropDown     *framing_dropdown;
  GtkSpinButton   *interval_spin;
  GtkAdjustment   *interval_adjustment;
  GtkAdjustment   *repeat_adjustment;
  GtkMenuButton   *repeat_menu_button;
  GtkLabel        *preview_label;
  GtkSpinButton   *repeat_spin;
  GtkButton       *send_button;
  GtkWidget       *state_box;
  GtkLabel        *state_label;
  GtkButton       *stop_button;
  GtkLabel        *target_label;
  GtkEntry        *template_entry;

  FifolabSession  *session;
  FifolabWriter   *writer;
  char            *target;
  char            *template_;
  FifolabFramer   *framer;
  gboolean         syncing_framing;   /* following the target's, not choosing */

  /* Repeating */
  guint            repeat_source_id;
  guint            remaining;
  char            *repeat_target;
  char            *repeat_template;

  /* Sent templates, walked with Up and Down. */
  FifolabComposeHistory *history;
  gboolean         recalling;

  char            *send_error;
  gboolean         template_ok;
  gboolean         sending;
  gboolean         can_send;
};

G_DEFINE_FINAL_TYPE (FifolabComposeBar, fifolab_compose_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_SEND,
  PROP_FIXED_SIZE,
  PROP_FRAMING,
  PROP_INTERVAL,
  PROP_REPEAT_COUNT,
  PROP_SENDING,
  PROP_SESSION,
  PROP_TARGET,
  PROP_TEMPLATE,
  N_PROPS
};

enum {
  SHOW_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_state (FifolabComposeBar *self);
static void sync_framing (FifolabComposeBar *self);

static void
update_can_send (FifolabComposeBar *self)
{
  gboolean can_send = self->session != NULL &&
                      self->target != NULL &&
                      self->template_ok &&
                      !self->sending;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compose.send", can_send);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compose.stop", self->sending);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), self->sending);

  if (self->can_send != can_send)
    {
      self->can_send = can_send;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SEND]);
    }
}

/**
 * fifolab_compose_bar_dup_preview_bytes:
 *
 * Returns: (transfer full): the framed bytes Send would write now, or %NULL
 *   with @error set when the template or the framing refuses it
 */
GBytes *
fifolab_compose_bar_dup_preview_bytes (FifolabComposeBar  *self,
                                       GError            **error)
{
  g_autoptr(GBytes) payload = NULL;

  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_BAR (self), NULL);

  payload = fifolab_stamp_expand (self->template_, getpid (), error);
  if (payload == NULL)
    return NULL;
  return fifolab_framer_encode (self->framer, payload, error);
}

static void
update_preview (FifolabComposeBar *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fifolab_compose_bar_dup_preview_bytes (self, &error);

  if (bytes != NULL)
    {
      gsize size = g_bytes_get_size (bytes);
      g_autofree char *text = fifolab_escape_for_display (g_bytes_get_data (bytes, NULL), size, PREVIEW_MAX_CHARS);
      g_autofree char *count = NULL;

      /* Translators: the size of the message about to be sent */
      count = g_strdup_printf (ngettext ("%u byte", "%u bytes", (gulong) size), (guint) size);
      gtk_label_set_text (self->preview_label, text);
      gtk_label_set_text (self->count_label, count);
      self->template_ok = TRUE;
    }
  else
    {
      gtk_label_set_text (self->error_label, error->message);
      self->template_ok = FALSE;
    }

  /* No bytes: no empty box (the count says 0 bytes). */
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label),
                          self->template_ok && gtk_label_get_text (self->preview_label)[0] != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), self->template_ok);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !self->template_ok);
  if (self->template_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->template_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->template_entry), "error");

  update_can_send (self);
}

/* The writer of the target: its state is what the bar says. */

static void
writer_changed_cb (FifolabComposeBar *self)
{
  update_state (self);
}

static void
set_writer (FifolabComposeBar *self,
            FifolabWriter     *writer)
{
  if (self->writer == writer)
    return;

  if (self->writer != NULL)
    g_signal_handlers_disconnect_by_data (self->writer, self);
  g_set_object (&self->writer, writer);
  if (writer != NULL)
    {
      g_signal_connect_object (writer, "notify::state", G_CALLBACK (writer_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (writer, "notify::queued-messages", G_CALLBACK (writer_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (writer, "sent", G_CALLBACK (writer_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

/* The target, with its folder when another listed pipe has the same name. */
static void
update_target (FifolabComposeBar *self)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *to = NULL;

  if (self->target != NULL)
    {
      name = self->session != NULL ? fifolab_session_dup_display_name (self->session, self->target)
                                   : fifolab_escape_basename (self->target, 0);
      path = fifolab_escape_name (self->target, 0);
      to = g_strdup_printf (_("To %s"), name);
    }
  gtk_label_set_text (self->target_label, to != NULL ? to : _("Choose a pipe to write to"));
  /* Cut in a narrow window, a pipe's name keeps its start and its end. The
   * sentence takes more lines there ("Choose a pipe…" at 360 px), up to
   * three (a language longer than English), and is cut at its end only past
   * them ("Choose… rite to" read as nothing). */
  gtk_label_set_ellipsize (self->target_label, to != NULL ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
  gtk_label_set_wrap (self->target_label, to == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->target_label), path != NULL ? path : gtk_label_get_text (self->target_label));
}

static void
update_state (FifolabComposeBar *self)
{
  g_autofree char *state = NULL;
  const char *css = NULL;
  gboolean show_clear = FALSE;
  FifolabWriter *writer = NULL;

  if (self->session != NULL && self->target != NULL)
    writer = fifolab_session_get_writer (self->session, self->target);
  set_writer (self, writer);

  if (writer != NULL)
    {
      FifolabWriterState writer_state = fifolab_writer_get_state (writer);

      /* Offered whenever messages wait for a reader, also after a send was
       * refused because the queue is full: that is when it is needed. */
      show_clear = fifolab_writer_get_queued_messages (writer) > 0 &&
                   (writer_state == FIFOLAB_WRITER_WAITING_FOR_READER ||
                    writer_state == FIFOLAB_WRITER_READER_GONE);
    }

  if (self->send_error != NULL)
    {
      state = g_strdup (self->send_error);
      css = "error";
    }
  else if (writer != NULL)
    {
      guint queued = fifolab_writer_get_queued_messages (writer);

      switch (fifolab_writer_get_state (writer))
        {
        case FIFOLAB_WRITER_WAITING_FOR_READER:
        case FIFOLAB_WRITER_READER_GONE:
          if (queued > 0)
            state = g_strdup_printf (ngettext ("Waiting for a reader… %u queued",
                                               "Waiting for a reader… %u queued", queued),
                                     queued);
          else
            state = g_strdup (_("Waiting for a reader…"));
          css = "warning";
          break;
        case FIFOLAB_WRITER_CONNECTED:
          if (queued > 0)
            state = g_strdup_printf (ngettext ("A reader is connected, %u queued",
                                               "A reader is connected, %u queued", queued),
                                     queued);
          else if (fifolab_session_holds_both_ends (self->session, self->target))
            /* The reader may well be FIFO Lab's own (issue 13: honest
             * connection state); with another reader too, each byte goes to
             * one of them. */
            state = g_strdup (_("FIFO Lab reads this pipe too: what you send can come back to its own log"));
          else
            state = g_strdup (_("A reader is connected"));
          css = "success";
          break;
        case FIFOLAB_WRITER_FAILED:
          {
            const GError *error = fifolab_writer_get_error (writer);

            state = g_strdup (error != NULL ? error->message : _("Writing failed"));
            css = "error";
          }
          break;
        case FIFOLAB_WRITER_IDLE:
        case FIFOLAB_WRITER_CLOSED:
        default:
          break;
        }
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css);
  gtk_label_set_text (self->state_label, state != NULL ? state : "");
  gtk_widget_set_visible (GTK_WIDGET (self->state_box), state != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_queue_button), show_clear);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compose.clear-queue", show_clear);
}

static void
set_send_error (FifolabComposeBar *self,
                const char        *message)
{
  if (g_strcmp0 (self->send_error, message) == 0)
    return;
  g_free (self->send_error);
  self->send_error = g_strdup (message);
  update_state (self);
}

static void
connection_changed_cb (FifolabComposeBar *self,
                       const char        *path,
                       FifolabSession    *session)
{
  if (g_strcmp0 (path, self->target) == 0)
    {
      update_state (self);
      sync_framing (self);
    }
}

/* Sending */

static void
set_sending (FifolabComposeBar *self,
             gboolean           sending)
{
  if (self->sending == sending)
    return;

  self->sending = sending;
  if (!sending)
    {
      g_clear_handle_id (&self->repeat_source_id, g_source_remove);
      g_clear_pointer (&self->repeat_target, g_free);
      g_clear_pointer (&self->repeat_template, g_free);
      self->remaining = 0;
    }
  update_can_send (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

static gboolean
send_one (FifolabComposeBar *self,
          const char        *target,
          const char        *template_)
{
  g_autoptr(GError) error = NULL;

  if (fifolab_session_send (self->session, target, template_, TRUE, self->framer, &error))
    {
      set_send_error (self, NULL);
      return TRUE;
    }

  {
    g_autofree char *name = fifolab_escape_basename (target, 0);
    g_autofree char *message = g_strdup_printf (_("Could not send to “%s”: %s"),
                                                name, error->message);
    set_send_error (self, message);
    g_signal_emit (self, signals[SHOW_TOAST], 0, message);
  }
  return FALSE;
}

static gboolean
repeat_cb (gpointer user_data)
{
  FifolabComposeBar *self = user_data;
  guint interval = (guint) gtk_spin_button_get_value_as_int (self->interval_spin);
  guint batch = interval == 0 ? SEND_BATCH : 1;

  while (batch-- > 0 && self->remaining > 0)
    {
      if (!send_one (self, self->repeat_target, self->repeat_template))
        {
          self->repeat_source_id = 0;
          set_sending (self, FALSE);
          return G_SOURCE_REMOVE;
        }
      self->remaining--;
    }
  update_state (self);

  if (self->remaining == 0)
    {
      self->repeat_source_id = 0;
      set_sending (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
compose_send_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FifolabComposeBar *self = FIFOLAB_COMPOSE_BAR (widget);
  guint count = (guint) gtk_spin_button_get_value_as_int (self->repeat_spin);
  guint interval = (guint) gtk_spin_button_get_value_as_int (self->interval_spin);

  if (!self->can_send)
    return;

  fifolab_compose_history_add (self->history, self->template_);

  /* The first at once; the rest from a timer (or idle batches without an
   * interval), so the window keeps drawing and Stop can end it. */
  if (!send_one (self, self->target, self->template_))
    return;
  update_state (self);

  if (count <= 1)
    return;

  self->remaining = count - 1;
  self->repeat_target = g_strdup (self->target);
  self->repeat_template = g_strdup (self->template_);
  if (interval == 0)
    self->repeat_source_id = g_idle_add (repeat_cb, self);
  else
    self->repeat_source_id = g_timeout_add (interval, repeat_cb, self);
  set_sending (self, TRUE);
}

static void
compose_stop_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  set_sending (FIFOLAB_COMPOSE_BAR (widget), FALSE);
}

static void
compose_clear_queue_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  FifolabComposeBar *self = FIFOLAB_COMPOSE_BAR (widget);

  if (self->writer != NULL)
    {
      guint dropped = fifolab_writer_clear_queue (self->writer);
      g_autofree char *message = NULL;

      message = g_strdup_printf (ngettext ("%u queued message dropped, not sent",
                                           "%u queued messages dropped, not sent", dropped),
                                 dropped);
      /* A refusal shown now (a full queue) is about the queue just dropped. */
      set_send_error (self, NULL);
      g_signal_emit (self, signals[SHOW_TOAST], 0, message);
    }
  update_state (self);
}

/* Template entry */

static void
template_entry_changed_cb (FifolabComposeBar *self,
                           GtkEditable       *editable)
{
  fifolab_compose_bar_set_template (self, gtk_editable_get_text (editable));
  if (!self->recalling)
    /* Typing leaves the history. */
    fifolab_compose_history_leave (self->history);
}

static void
template_entry_activate_cb (FifolabComposeBar *self,
                            GtkEntry          *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "compose.send", NULL);
}

static void
recall (FifolabComposeBar *self,
        const char        *text)
{
  self->recalling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->template_entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->template_entry), -1);
  self->recalling = FALSE;
}

static gboolean
template_key_pressed_cb (FifolabComposeBar     *self,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkEventControllerKey *controller)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    {
      g_autofree char *text = NULL;

      /* At the oldest, the key is still the history's: nothing to recall. */
      if (!fifolab_compose_history_older (self->history, self->template_, &text))
        return GDK_EVENT_PROPAGATE;
      if (text != NULL)
        recall (self, text);
      return GDK_EVENT_STOP;
    }

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      g_autofree char *text = NULL;

      if (!fifolab_compose_history_newer (self->history, &text))
        return GDK_EVENT_PROPAGATE;
      recall (self, text);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* Framing: the target's. Choosing one here chooses it for the target (its
 * reader, if FIFO Lab reads it, is reopened with it). */

static void
sync_framing (FifolabComposeBar *self)
{
  gboolean reading = self->session != NULL && self->target != NULL &&
                     fifolab_session_get_reader (self->session, self->target) != NULL;

  if (self->session != NULL)
    {
      self->syncing_framing = TRUE;
      fifolab_compose_bar_set_framing (self, self->target != NULL
                                             ? fifolab_session_get_framing (self->session, self->target)
                                             : fifolab_session_get_default_framing (self->session));
      self->syncing_framing = FALSE;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->framing_dropdown),
                               reading ? _("The framing of this pipe: FIFO Lab reads it and sends to it with it. "
                                           "Choosing another reconnects FIFO Lab’s read end with the new framing.")
                                       : _("How messages are delimited in the byte stream"));
}

static void
framing_selected_cb (FifolabComposeBar *self,
                     GParamSpec        *pspec,
                     GtkDropDown       *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected <= FIFOLAB_FRAMING_LENGTH_PREFIX)
    fifolab_compose_bar_set_framing (self, (FifolabFraming) selected);
}

static void
fixed_size_changed_cb (FifolabComposeBar *self,
                       GtkSpinButton     *spin)
{
  fifolab_compose_bar_set_fixed_size (self, (guint) gtk_spin_button_get_value_as_int (spin));
}

/* The fixed size's spin button is made the first time Fixed size is chosen,
 * not with the window (at start the framing is Raw): after the drop-down,
 * showing the framer's size. */
static void
ensure_fixed_size_spin (FifolabComposeBar *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWidget *dropdown = GTK_WIDGET (self->framing_dropdown);

  if (self->fixed_size_spin != NULL)
    return;

  builder = gtk_builder_new_from_resource ("/io/github/fifolab/FifoLab/fifolab-compose-bar-fixed.ui");
  self->fixed_size_spin = GTK_SPIN_BUTTON (gtk_builder_get_object (builder, "fixed_size_spin"));
  g_assert (self->fixed_size_spin != NULL);
  gtk_spin_button_set_value (self->fixed_size_spin, fifolab_framer_get_fixed_size (self->framer));
  g_signal_connect_object (self->fixed_size_spin, "value-changed", G_CALLBACK (fixed_size_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (dropdown)),
                              GTK_WIDGET (self->fixed_size_spin), dropdown);
  fifolab_accessible_name_parts (GTK_WIDGET (self->fixed_size_spin));
}

/* Properties */

FifolabSession *
fifolab_compose_bar_get_session (FifolabComposeBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_BAR (self), NULL);

  return self->session;
}

void
fifolab_compose_bar_set_session (FifolabComposeBar *self,
                                 FifolabSession    *session)
{
  g_return_if_fail (FIFOLAB_IS_COMPOSE_BAR (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  if (self->session == session)
    return;

  set_sending (self, FALSE);
  set_writer (self, NULL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      /* The target's framing follows its reader and choices made elsewhere. */
      g_signal_connect_object (session, "connection-changed", G_CALLBACK (connection_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "framing-changed", G_CALLBACK (connection_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::default-framing", G_CALLBACK (sync_framing), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "names-changed", G_CALLBACK (update_target), self, G_CONNECT_SWAPPED);
    }
  sync_framing (self);
  set_send_error (self, NULL);
  update_target (self);
  update_state (self);
  update_can_send (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
fifolab_compose_bar_get_target (FifolabComposeBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_BAR (self), NULL);

  return self->target;
}

/**
 * fifolab_compose_bar_set_target:
 * @target: (nullable): the pipe to write to
 */
void
fifolab_compose_bar_set_target (FifolabComposeBar *self,
                                const char        *target)
{
  g_return_if_fail (FIFOLAB_IS_COMPOSE_BAR (self));

  if (target != NULL && *target == '\0')
    target = NULL;
  if (g_strcmp0 (self->target, target) == 0)
    return;

  g_free (self->target);
  self->target = g_strdup (target);
  set_sending (self, FALSE);
  g_clear_pointer (&self->send_error, g_free);
  update_target (self);
  update_state (self);
  sync_framing (self);
  update_can_send (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

const char *
fifolab_compose_bar_get_template (FifolabComposeBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_BAR (self), NULL);

  return self->template_;
}

void
fifolab_compose_bar_set_template (FifolabComposeBar *self,
                                  const char        *template_)
{
  g_return_if_fail (FIFOLAB_IS_COMPOSE_BAR (self));

  if (template_ == NULL)
    template_ = "";
  if (g_strcmp0 (self->template_, template_) == 0)
    return;

  g_free (self->template_);
  self->template_ = g_strdup (template_);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->template_entry)), template_) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->template_entry), template_);
  update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE]);
}

FifolabFraming
fifolab_compose_bar_get_framing (FifolabComposeBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_BAR (self), FIFOLAB_FRAMING_RAW);

  return fifolab_framer_get_framing (self->framer);
}

void
fifolab_compose_bar_set_framing (FifolabComposeBar *self,
                                 FifolabFraming     framing)
{
  g_return_if_fail (FIFOLAB_IS_COMPOSE_BAR (self));
  g_return_if_fail (framing <= FIFOLAB_FRAMING_LENGTH_PREFIX);

  if (!self->syncing_framing && self->session != NULL && self->target != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!fifolab_session_set_framing (self->session, self->target, framing, &error))
        g_signal_emit (self, signals[SHOW_TOAST], 0, error->message);
    }

  if (fifolab_framer_get_framing (self->framer) == framing)
    return;

  fifolab_framer_set_framing (self->framer, framing);
  if (gtk_drop_down_get_selected (self->framing_dropdown) != (guint) framing)
    gtk_drop_down_set_selected (self->framing_dropdown, framing);
  if (framing == FIFOLAB_FRAMING_FIXED)
    ensure_fixed_size_spin (self);
  if (self->fixed_size_spin != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->fixed_size_spin), framing == FIFOLAB_FRAMING_FIXED);
  update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

guint
fifolab_compose_bar_get_fixed_size (FifolabComposeBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_BAR (self), 0);

  return (guint) fifolab_framer_get_fixed_size (self->framer);
}

void
fifolab_compose_bar_set_fixed_size (FifolabComposeBar *self,
                                    guint              fixed_size)
{
  g_return_if_fail (FIFOLAB_IS_COMPOSE_BAR (self));
  g_return_if_fail (fixed_size > 0);

  if (fifolab_framer_get_fixed_size (self->framer) == fixed_size)
    return;

  fifolab_framer_set_fixed_size (self->framer, fixed_size);
  if (self->fixed_size_spin != NULL &&
      (guint) gtk_spin_button_get_value_as_int (self->fixed_size_spin) != fixed_size)
    gtk_spin_button_set_value (self->fixed_size_spin, fixed_size);
  update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIXED_SIZE]);
}

gboolean
fifolab_compose_bar_get_sending (FifolabComposeBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_BAR (self), FALSE);

  return self->sending;
}

gboolean
fifolab_compose_bar_get_can_send (FifolabComposeBar *self)
{
  g_return_val_if_fail (FIFOLAB_IS_COMPOSE_BAR (self), FALSE);

  return self->can_send;
}

static void
fifolab_compose_bar_dispose (GObject *object)
{
  FifolabComposeBar *self = FIFOLAB_COMPOSE_BAR (object);
  GtkWidget *child;

  g_clear_handle_id (&self->repeat_source_id, g_source_remove);
  set_writer (self, NULL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), FIFOLAB_TYPE_COMPOSE_BAR);
  /* The template's root box is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  /* It went with its row. */
  self->fixed_size_spin = NULL;

  g_clear_object (&self->framer);

  G_OBJECT_CLASS (fifolab_compose_bar_parent_class)->dispose (object);
}

static void
fifolab_compose_bar_finalize (GObject *object)
{
  FifolabComposeBar *self = FIFOLAB_COMPOSE_BAR (object);

  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->template_, g_free);
  g_clear_pointer (&self->repeat_target, g_free);
  g_clear_pointer (&self->repeat_template, g_free);
  g_clear_object (&self->history);
  g_clear_pointer (&self->send_error, g_free);

  G_OBJECT_CLASS (fifolab_compose_bar_parent_class)->finalize (object);
}

static void
fifolab_compose_bar_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FifolabComposeBar *self = FIFOLAB_COMPOSE_BAR (object);

  switch (prop_id)
    {
    case PROP_CAN_SEND:
      g_value_set_boolean (value, self->can_send);
      break;
    case PROP_FIXED_SIZE:
      g_value_set_uint (value, fifolab_compose_bar_get_fixed_size (self));
      break;
    case PROP_FRAMING:
      g_value_set_enum (value, fifolab_compose_bar_get_framing (self));
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, (guint) gtk_spin_button_get_value_as_int (self->interval_spin));
      break;
    case PROP_REPEAT_COUNT:
      g_value_set_uint (value, (guint) gtk_spin_button_get_value_as_int (self->repeat_spin));
      break;
    case PROP_SENDING:
      g_value_set_boolean (value, self->sending);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_TEMPLATE:
      g_value_set_string (value, self->template_);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_compose_bar_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FifolabComposeBar *self = FIFOLAB_COMPOSE_BAR (object);

  switch (prop_id)
    {
    case PROP_FIXED_SIZE:
      fifolab_compose_bar_set_fixed_size (self, g_value_get_uint (value));
      break;
    case PROP_FRAMING:
      fifolab_compose_bar_set_framing (self, g_value_get_enum (value));
      break;
    case PROP_INTERVAL:
      gtk_spin_button_set_value (self->interval_spin, g_value_get_uint (value));
      break;
    case PROP_REPEAT_COUNT:
      gtk_spin_button_set_value (self->repeat_spin, g_value_get_uint (value));
      break;
    case PROP_SESSION:
      fifolab_compose_bar_set_session (self, g_value_get_object (value));
      break;
    case PROP_TARGET:
      fifolab_compose_bar_set_target (self, g_value_get_string (value));
      break;
    case PROP_TEMPLATE:
      fifolab_compose_bar_set_template (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spin_notify_cb (FifolabComposeBar *self,
                GParamSpec        *pspec,
                GtkSpinButton     *spin)
{
  g_object_notify_by_pspec (G_OBJECT (self),
                            properties[spin == self->repeat_spin ? PROP_REPEAT_COUNT : PROP_INTERVAL]);
}

static void
fifolab_compose_bar_class_init (FifolabComposeBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_compose_bar_dispose;
  object_class->finalize = fifolab_compose_bar_finalize;
  object_class->get_property = fifolab_compose_bar_get_property;
  object_class->set_property = fifolab_compose_bar_set_property;

  properties[PROP_CAN_SEND] =
    g_param_spec_boolean ("can-send", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIXED_SIZE] =
    g_param_spec_uint ("fixed-size", NULL, NULL,
                       1, FIFOLAB_MAX_FIXED_SIZE, FIFOLAB_SEED_MESSAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAMING] =
    g_param_spec_enum ("framing", NULL, NULL,
                       FIFOLAB_TYPE_FRAMING, FIFOLAB_FRAMING_RAW,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL,
                       0, 60000, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPEAT_COUNT] =
    g_param_spec_uint ("repeat-count", NULL, NULL,
                       1, 1000000, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         FIFOLAB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEMPLATE] =
    g_param_spec_string ("template", NULL, NULL,
                         FIFOLAB_DEFAULT_TEMPLATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FifolabComposeBar::show-toast:
   * @message: what to tell the user (plain text)
   */
  signals[SHOW_TOAST] =
    g_signal_new ("show-toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/fifolab/FifoLab/fifolab-compose-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, clear_queue_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, count_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, error_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, framing_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, repeat_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, repeat_menu_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, preview_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, repeat_spin);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, send_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, state_box);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, state_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, stop_button);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, target_label);
  gtk_widget_class_bind_template_child (widget_class, FifolabComposeBar, template_entry);
  gtk_widget_class_bind_template_callback (widget_class, framing_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "compose.send", NULL, compose_send_action);
  gtk_widget_class_install_action (widget_class, "compose.stop", NULL, compose_stop_action);
  gtk_widget_class_install_action (widget_class, "compose.clear-queue", NULL, compose_clear_queue_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "compose.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "compose.send", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fifolab-compose-bar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The Repeat… popover is made the first time it opens, not with the
 * window: at start Repeat and Every fit in the row. */
static void
create_repeat_popup_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  FifolabComposeBar *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWidget *popover;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  builder = gtk_builder_new ();
  gtk_builder_expose_object (builder, "repeat_adjustment", G_OBJECT (self->repeat_adjustment));
  gtk_builder_expose_object (builder, "interval_adjustment", G_OBJECT (self->interval_adjustment));
  gtk_builder_add_from_resource (builder, "/io/github/fifolab/FifoLab/fifolab-compose-bar-repeat.ui", NULL);
  popover = GTK_WIDGET (gtk_builder_get_object (builder, "repeat_popover"));
  g_assert (popover != NULL);
  gtk_menu_button_set_popover (button, popover);
  fifolab_accessible_name_parts (popover);
}

static void
fifolab_compose_bar_init (FifolabComposeBar *self)
{
  GtkEventController *controller;

  self->framer = fifolab_framer_new (FIFOLAB_FRAMING_RAW);
  self->history = fifolab_compose_history_new (MAX_HISTORY);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->repeat_menu_button, create_repeat_popup_cb, self, NULL);
  fifolab_accessible_name_control (GTK_WIDGET (self->framing_dropdown), _("Framing"));
  fifolab_accessible_name_parts (GTK_WIDGET (self));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (template_key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->template_entry), controller);

  g_signal_connect_object (self->repeat_spin, "notify::value", G_CALLBACK (spin_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->interval_spin, "notify::value", G_CALLBACK (spin_notify_cb),
                           self, G_CONNECT_SWAPPED);

  fifolab_compose_bar_set_template (self, FIFOLAB_DEFAULT_TEMPLATE);
  fifolab_accessible_name_drop_down_button (self->framing_dropdown, _("Framing"));
  update_target (self);
  update_state (self);
  update_can_send (self);
}

FifolabComposeBar *
fifolab_compose_bar_new (void)
{
  return g_object_new (FIFOLAB_TYPE_COMPOSE_BAR, NULL);
}
