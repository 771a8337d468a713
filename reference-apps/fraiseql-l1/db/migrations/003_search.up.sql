-- `q` matches each entity's text fields with ILIKE '%term%': a trigram index (pg_trgm) on that text answers it
-- from the index instead of reading every row. pg_trgm is a trusted extension: the database's owner may create it.
create extension if not exists pg_trgm;

create index tb_author_search_trgm on tb_author using gin ((coalesce(name::text, '') || E'\x1f' || coalesce(bio::text, '')) gin_trgm_ops);

create or replace view v_author as
select
    t.id as _order,
    t.id as id,
    coalesce(t.name::text, '') || E'\x1f' || coalesce(t.bio::text, '') as _search,
    jsonb_build_object(
        'id', t.id::text,
        'name', t.name,
        'email', t.email,
        'website', t.website,
        'bio', t.bio,
        'royalty_rate', t.royalty_rate
    ) as data
from tb_author as t;

create index tb_book_search_trgm on tb_book using gin ((coalesce(title::text, '')) gin_trgm_ops);

create or replace view v_book as
select
    t.pk_book as _order,
    t.id as id,
    coalesce(t.title::text, '') as _search,
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

create index tb_loan_search_trgm on tb_loan using gin ((coalesce(borrower::text, '')) gin_trgm_ops);

create or replace view v_loan as
select
    t.id as _order,
    t.id as id,
    coalesce(t.borrower::text, '') as _search,
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
