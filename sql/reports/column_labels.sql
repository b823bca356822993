-- Chinese label of every column code of the vocabulary, for the pack's headers.
SELECT code, any_value(label_zh) AS label_zh
FROM vocabulary
WHERE axis = 'column'
GROUP BY code;
