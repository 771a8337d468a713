-- The schema of every entity: a table (tb_), the view FraiseQL reads (v_, one JSONB object a row, refs
-- nested), and the PL/pgSQL functions the GraphQL mutations call: each validates its input and returns
-- either the stored object or the refused fields, storing nothing on refusal.

create table tb_author (
    id bigint generated always as identity primary key,
    name varchar(100) not null unique,
    email varchar(254),
    website varchar(200),
    bio text,
    royalty_rate double precision default 0.1
);

create table tb_book (
    pk_book bigint generated always as identity primary key,
    id uuid not null unique default gen_random_uuid(),
    title varchar(200) not null,
    author_id bigint not null,
    status text default 'draft' check (status in ('draft', 'published', 'archived')),
    price numeric(8, 2),
    rating double precision,
    pages integer,
    published_on date,
    in_print boolean not null default true,
    added_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    sequel_to_id uuid,
    format text check (format in ('hardcover', 'paperback', 'ebook')),
    copies integer default 1
);

create table tb_loan (
    id bigint generated always as identity primary key,
    book_id uuid not null,
    borrower varchar(100) not null,
    due_on date not null,
    returned boolean not null default false,
    copy_number integer not null,
    returned_at timestamptz,
    fine numeric(6, 2) default 0.00,
    ticket uuid unique
);

alter table tb_book add foreign key (author_id) references tb_author (id) on delete restrict;
create index on tb_book (author_id);
alter table tb_book add foreign key (sequel_to_id) references tb_book (id) on delete restrict;
create index on tb_book (sequel_to_id);
alter table tb_loan add foreign key (book_id) references tb_book (id) on delete restrict;
create index on tb_loan (book_id);

create view v_author as
select
    t.id as _order,
    t.id as id,
    lower(concat_ws(' ', t.name, t.bio)) as _search,
    jsonb_build_object(
        'id', t.id::text,
        'name', t.name,
        'email', t.email,
        'website', t.website,
        'bio', t.bio,
        'royalty_rate', t.royalty_rate
    ) as data
from tb_author as t;

create view v_book as
select
    t.pk_book as _order,
    t.id as id,
    lower(concat_ws(' ', t.title)) as _search,
    jsonb_build_object(
        'id', t.id,
        'title', t.title,
        'author', r_author.data,
        'status', t.status,
        'price', t.price::text,
        'rating', t.rating,
        'pages', t.pages,
        'published_on', t.published_on,
        'in_print', t.in_print,
        'added_at', t.added_at,
        'updated_at', t.updated_at,
        'sequel_to', case when r_sequel_to.id is null then null else jsonb_build_object('id', r_sequel_to.id, 'title', r_sequel_to.title, 'status', r_sequel_to.status, 'price', r_sequel_to.price::text, 'rating', r_sequel_to.rating, 'pages', r_sequel_to.pages, 'published_on', r_sequel_to.published_on, 'in_print', r_sequel_to.in_print, 'added_at', r_sequel_to.added_at, 'updated_at', r_sequel_to.updated_at, 'format', r_sequel_to.format, 'copies', r_sequel_to.copies) end,
        'format', t.format,
        'copies', t.copies
    ) as data
from tb_book as t
join v_author as r_author on r_author.id = t.author_id
left join tb_book as r_sequel_to on r_sequel_to.id = t.sequel_to_id;

create view v_loan as
select
    t.id as _order,
    t.id as id,
    lower(concat_ws(' ', t.borrower)) as _search,
    jsonb_build_object(
        'id', t.id::text,
        'book', r_book.data,
        'borrower', t.borrower,
        'due_on', t.due_on,
        'returned', t.returned,
        'copy_number', t.copy_number,
        'returned_at', t.returned_at,
        'fine', t.fine::text,
        'ticket', t.ticket
    ) as data
from tb_loan as t
join v_book as r_book on r_book.id = t.book_id;

create function author_errors(candidate jsonb, current_id bigint) returns jsonb
language plpgsql stable as $$
declare
    errors jsonb := '[]'::jsonb;
begin
    if coalesce(btrim(candidate ->> 'name'), '') = '' then
        errors := errors || jsonb_build_object('field', 'name', 'message', 'This field is required.');
    elsif length(candidate ->> 'name') > 100 then
        errors := errors || jsonb_build_object('field', 'name', 'message', 'At most 100 characters.');
    elsif exists (select 1 from tb_author where name::text = candidate ->> 'name' and id is distinct from current_id) then
        errors := errors || jsonb_build_object('field', 'name', 'message', 'Another author has this name.');
    end if;
    if length(candidate ->> 'email') > 254 or candidate ->> 'email' !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
        errors := errors || jsonb_build_object('field', 'email', 'message', 'Enter a valid email address.');
    end if;
    if length(candidate ->> 'website') > 200 or candidate ->> 'website' !~* '^https?://[^\s/$.?#][^\s]*$' then
        errors := errors || jsonb_build_object('field', 'website', 'message', 'Enter a valid URL (http or https, at most 200 characters).');
    end if;
    return errors;
end;
$$;

create function create_author(input jsonb) returns jsonb
language plpgsql as $$
declare
    -- The defaults of the spec, then every field the input gives a value.
    candidate jsonb := jsonb_build_object('royalty_rate', 0.1) || jsonb_strip_nulls(input);
    errors jsonb := author_errors(candidate, null);
    new_id tb_author.id%type;
begin
    if jsonb_array_length(errors) > 0 then
        return jsonb_build_object('status', 'refused', 'message', 'The author was not saved.', 'errors', errors);
    end if;
    insert into tb_author (name, email, website, bio, royalty_rate)
    select name, email, website, bio, royalty_rate from jsonb_populate_record(null::tb_author, candidate)
    returning id into new_id;
    return jsonb_build_object('status', 'ok', 'entity', (select data from v_author where id = new_id));
exception
    when unique_violation then
        return jsonb_build_object('status', 'refused', 'message', 'The author was not saved.', 'errors', jsonb_build_array(jsonb_build_object('field', 'name', 'message', 'This value is already taken.')));
end;
$$;

create function update_author(entity_id text, input jsonb) returns jsonb
language plpgsql as $$
declare
    current tb_author;
    candidate jsonb;
    errors jsonb;
begin
    select * into current from tb_author where id::text = entity_id for update;
    if not found then
        return jsonb_build_object('status', 'refused', 'message', 'No author with this id.', 'errors', '[]'::jsonb);
    end if;
    candidate := to_jsonb(current) || input;
    errors := author_errors(candidate, current.id);
    if jsonb_array_length(errors) > 0 then
        return jsonb_build_object('status', 'refused', 'message', 'The author was not saved.', 'errors', errors);
    end if;
    update tb_author
    set (name, email, website, bio, royalty_rate) = (select name, email, website, bio, royalty_rate from jsonb_populate_record(current, candidate))
    where id = current.id;
    return jsonb_build_object('status', 'ok', 'entity', (select data from v_author where id = current.id));
exception
    when unique_violation then
        return jsonb_build_object('status', 'refused', 'message', 'The author was not saved.', 'errors', jsonb_build_array(jsonb_build_object('field', 'name', 'message', 'This value is already taken.')));
end;
$$;

create function delete_author(entity_id text) returns jsonb
language plpgsql as $$
declare
    deleted tb_author.id%type;
begin
    delete from tb_author where id::text = entity_id returning id into deleted;
    if deleted is null then
        return jsonb_build_object('status', 'refused', 'message', 'No author with this id.', 'errors', '[]'::jsonb);
    end if;
    return jsonb_build_object('status', 'ok', 'id', deleted::text);
exception
    when foreign_key_violation then
        return jsonb_build_object('status', 'refused', 'message', 'Other records still refer to this author.', 'errors', '[]'::jsonb);
end;
$$;
create function book_errors(candidate jsonb, current_id uuid) returns jsonb
language plpgsql stable as $$
declare
    errors jsonb := '[]'::jsonb;
begin
    if coalesce(btrim(candidate ->> 'title'), '') = '' then
        errors := errors || jsonb_build_object('field', 'title', 'message', 'This field is required.');
    elsif length(candidate ->> 'title') > 200 then
        errors := errors || jsonb_build_object('field', 'title', 'message', 'At most 200 characters.');
    end if;
    if coalesce(btrim(candidate ->> 'author_id'), '') = '' then
        errors := errors || jsonb_build_object('field', 'authorId', 'message', 'This field is required.');
    elsif candidate ->> 'author_id' is not null and not exists (select 1 from tb_author where id::text = candidate ->> 'author_id') then
        errors := errors || jsonb_build_object('field', 'authorId', 'message', 'No author with this id.');
    end if;
    if not (candidate ->> 'status' = any (array['draft', 'published', 'archived'])) then
        errors := errors || jsonb_build_object('field', 'status', 'message', 'Must be one of draft, published, archived.');
    end if;
    if candidate ->> 'price' !~ '^-?[0-9]{1,6}(\.[0-9]{1,2})?$' then
        errors := errors || jsonb_build_object('field', 'price', 'message', 'A number with at most 6 digits before the point and 2 after it.');
    end if;
    if candidate ->> 'in_print' is null then
        errors := errors || jsonb_build_object('field', 'inPrint', 'message', 'Must be true or false.');
    end if;
    if candidate ->> 'sequel_to_id' is not null and not exists (select 1 from tb_book where id::text = candidate ->> 'sequel_to_id') then
        errors := errors || jsonb_build_object('field', 'sequelToId', 'message', 'No book with this id.');
    end if;
    if not (candidate ->> 'format' = any (array['hardcover', 'paperback', 'ebook'])) then
        errors := errors || jsonb_build_object('field', 'format', 'message', 'Must be one of hardcover, paperback, ebook.');
    end if;
    return errors;
end;
$$;

create function create_book(input jsonb) returns jsonb
language plpgsql as $$
declare
    -- The defaults of the spec, then every field the input gives a value.
    candidate jsonb := jsonb_build_object('status', 'draft', 'in_print', true, 'copies', 1) || jsonb_strip_nulls(input);
    errors jsonb := book_errors(candidate, null);
    new_id tb_book.id%type;
begin
    if jsonb_array_length(errors) > 0 then
        return jsonb_build_object('status', 'refused', 'message', 'The book was not saved.', 'errors', errors);
    end if;
    insert into tb_book (title, author_id, status, price, rating, pages, published_on, in_print, sequel_to_id, format, copies)
    select title, author_id, status, price, rating, pages, published_on, in_print, sequel_to_id, format, copies from jsonb_populate_record(null::tb_book, candidate)
    returning id into new_id;
    return jsonb_build_object('status', 'ok', 'entity', (select data from v_book where id = new_id));
end;
$$;

create function update_book(entity_id text, input jsonb) returns jsonb
language plpgsql as $$
declare
    current tb_book;
    candidate jsonb;
    errors jsonb;
begin
    select * into current from tb_book where id::text = entity_id for update;
    if not found then
        return jsonb_build_object('status', 'refused', 'message', 'No book with this id.', 'errors', '[]'::jsonb);
    end if;
    candidate := to_jsonb(current) || input;
    errors := book_errors(candidate, current.id);
    if jsonb_array_length(errors) > 0 then
        return jsonb_build_object('status', 'refused', 'message', 'The book was not saved.', 'errors', errors);
    end if;
    update tb_book
    set (title, author_id, status, price, rating, pages, published_on, in_print, sequel_to_id, format, copies) = (select title, author_id, status, price, rating, pages, published_on, in_print, sequel_to_id, format, copies from jsonb_populate_record(current, candidate)), updated_at = now()
    where id = current.id;
    return jsonb_build_object('status', 'ok', 'entity', (select data from v_book where id = current.id));
end;
$$;

create function delete_book(entity_id text) returns jsonb
language plpgsql as $$
declare
    deleted tb_book.id%type;
begin
    delete from tb_book where id::text = entity_id returning id into deleted;
    if deleted is null then
        return jsonb_build_object('status', 'refused', 'message', 'No book with this id.', 'errors', '[]'::jsonb);
    end if;
    return jsonb_build_object('status', 'ok', 'id', deleted::text);
exception
    when foreign_key_violation then
        return jsonb_build_object('status', 'refused', 'message', 'Other records still refer to this book.', 'errors', '[]'::jsonb);
end;
$$;
create function loan_errors(candidate jsonb, current_id bigint) returns jsonb
language plpgsql stable as $$
declare
    errors jsonb := '[]'::jsonb;
begin
    if coalesce(btrim(candidate ->> 'book_id'), '') = '' then
        errors := errors || jsonb_build_object('field', 'bookId', 'message', 'This field is required.');
    elsif candidate ->> 'book_id' is not null and not exists (select 1 from tb_book where id::text = candidate ->> 'book_id') then
        errors := errors || jsonb_build_object('field', 'bookId', 'message', 'No book with this id.');
    end if;
    if coalesce(btrim(candidate ->> 'borrower'), '') = '' then
        errors := errors || jsonb_build_object('field', 'borrower', 'message', 'This field is required.');
    elsif length(candidate ->> 'borrower') > 100 then
        errors := errors || jsonb_build_object('field', 'borrower', 'message', 'At most 100 characters.');
    end if;
    if coalesce(btrim(candidate ->> 'due_on'), '') = '' then
        errors := errors || jsonb_build_object('field', 'dueOn', 'message', 'This field is required.');
    end if;
    if candidate ->> 'returned' is null then
        errors := errors || jsonb_build_object('field', 'returned', 'message', 'Must be true or false.');
    end if;
    if coalesce(btrim(candidate ->> 'copy_number'), '') = '' then
        errors := errors || jsonb_build_object('field', 'copyNumber', 'message', 'This field is required.');
    end if;
    if candidate ->> 'fine' !~ '^-?[0-9]{1,4}(\.[0-9]{1,2})?$' then
        errors := errors || jsonb_build_object('field', 'fine', 'message', 'A number with at most 4 digits before the point and 2 after it.');
    end if;
    if exists (select 1 from tb_loan where ticket::text = candidate ->> 'ticket' and id is distinct from current_id) then
        errors := errors || jsonb_build_object('field', 'ticket', 'message', 'Another loan has this ticket.');
    end if;
    return errors;
end;
$$;

create function create_loan(input jsonb) returns jsonb
language plpgsql as $$
declare
    -- The defaults of the spec, then every field the input gives a value.
    candidate jsonb := jsonb_build_object('returned', false, 'fine', 0.00) || jsonb_strip_nulls(input);
    errors jsonb := loan_errors(candidate, null);
    new_id tb_loan.id%type;
begin
    if jsonb_array_length(errors) > 0 then
        return jsonb_build_object('status', 'refused', 'message', 'The loan was not saved.', 'errors', errors);
    end if;
    insert into tb_loan (book_id, borrower, due_on, returned, copy_number, returned_at, fine, ticket)
    select book_id, borrower, due_on, returned, copy_number, returned_at, fine, ticket from jsonb_populate_record(null::tb_loan, candidate)
    returning id into new_id;
    return jsonb_build_object('status', 'ok', 'entity', (select data from v_loan where id = new_id));
exception
    when unique_violation then
        return jsonb_build_object('status', 'refused', 'message', 'The loan was not saved.', 'errors', jsonb_build_array(jsonb_build_object('field', 'ticket', 'message', 'This value is already taken.')));
end;
$$;

create function update_loan(entity_id text, input jsonb) returns jsonb
language plpgsql as $$
declare
    current tb_loan;
    candidate jsonb;
    errors jsonb;
begin
    select * into current from tb_loan where id::text = entity_id for update;
    if not found then
        return jsonb_build_object('status', 'refused', 'message', 'No loan with this id.', 'errors', '[]'::jsonb);
    end if;
    candidate := to_jsonb(current) || input;
    errors := loan_errors(candidate, current.id);
    if jsonb_array_length(errors) > 0 then
        return jsonb_build_object('status', 'refused', 'message', 'The loan was not saved.', 'errors', errors);
    end if;
    update tb_loan
    set (book_id, borrower, due_on, returned, copy_number, returned_at, fine, ticket) = (select book_id, borrower, due_on, returned, copy_number, returned_at, fine, ticket from jsonb_populate_record(current, candidate))
    where id = current.id;
    return jsonb_build_object('status', 'ok', 'entity', (select data from v_loan where id = current.id));
exception
    when unique_violation then
        return jsonb_build_object('status', 'refused', 'message', 'The loan was not saved.', 'errors', jsonb_build_array(jsonb_build_object('field', 'ticket', 'message', 'This value is already taken.')));
end;
$$;

create function delete_loan(entity_id text) returns jsonb
language plpgsql as $$
declare
    deleted tb_loan.id%type;
begin
    delete from tb_loan where id::text = entity_id returning id into deleted;
    if deleted is null then
        return jsonb_build_object('status', 'refused', 'message', 'No loan with this id.', 'errors', '[]'::jsonb);
    end if;
    return jsonb_build_object('status', 'ok', 'id', deleted::text);
exception
    when foreign_key_violation then
        return jsonb_build_object('status', 'refused', 'message', 'Other records still refer to this loan.', 'errors', '[]'::jsonb);
end;
$$;
