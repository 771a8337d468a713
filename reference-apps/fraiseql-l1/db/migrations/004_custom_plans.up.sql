-- Every query on this database is planned for the values it runs with. psycopg prepares a statement the app runs
-- five times on a connection, and PostgreSQL may then keep one plan for every value (a "generic plan"). For a
-- search, `_search ILIKE $1 ORDER BY _order DESC LIMIT 20`, that plan cannot see the pattern, guesses that one
-- row in 200 matches, and walks the rows newest first until it has found 20: every row of a big table when only
-- a few match (a second at a million rows, where the trigram index answers in a millisecond). Planning a query
-- costs about a millisecond. Takes effect for new connections; the Procfile's release runs before `web` starts.
do $$
begin
    execute format('alter database %I set plan_cache_mode = force_custom_plan', current_database());
end
$$;
