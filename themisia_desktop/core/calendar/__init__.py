"""Calendar: the French deadline calculator, deadlines on matters, tasks, appointments and
each user's agenda."""
