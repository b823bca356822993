-- Who asks? Share of new requests from 法人或其他组织 and from 法律服务机构, per agency and year.
SELECT agency, year, new_received, round(legal_person_share, 3) AS legal_person_share,
       round(legal_service_share, 3) AS legal_service_share
FROM agency_metrics
ORDER BY agency, year;
