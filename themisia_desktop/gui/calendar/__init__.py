"""« Agenda & tâches »: my tasks, the agenda by day or week, the task, appointment and deadline
dialogs, and the Tâches and Échéances tabs of a matter."""
