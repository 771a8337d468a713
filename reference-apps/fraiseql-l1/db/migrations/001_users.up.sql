-- The users who may write, their API tokens (only a keyed digest of each), and failed token requests (for the
-- lockout of POST /auth/token/). Named auth_, apart from the entities' tb_ tables.
create table auth_user (
    pk_user bigint generated always as identity primary key,
    username varchar(150) not null unique,
    password_hash text not null,
    created_at timestamptz not null default now()
);

create table auth_token (
    digest char(64) primary key,
    fk_user bigint not null references auth_user (pk_user) on delete cascade,
    created_at timestamptz not null default now()
);

create table auth_login_failure (
    pk_login_failure bigint generated always as identity primary key,
    address text not null,
    username text not null,
    failed_at timestamptz not null default now()
);

create index on auth_login_failure (failed_at);
