do $$
begin
    execute format('alter database %I reset plan_cache_mode', current_database());
end
$$;
