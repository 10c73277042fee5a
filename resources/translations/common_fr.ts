<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>EquipmentTableModel</name>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>Criticité</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Fabricant</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>Toutes dates</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Cette semaine</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Ce mois-ci</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>Période personnalisée…</translation>
    </message>
    <message>
        <source>From (included)</source>
        <translation>Du (inclus)</translation>
    </message>
    <message>
        <source>To (included)</source>
        <translation>Au (inclus)</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>Rechercher…</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Effacer les filtres</translation>
    </message>
</context>
<context>
    <name>ImageViewerDialog</name>
    <message>
        <source>This image cannot be shown.</source>
        <translation>Cette image ne peut pas être affichée.</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Précédente</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Suivante ▶</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>This file is not on this computer yet: it will be downloaded at the next synchronisation.</source>
        <translation>Ce fichier n’est pas encore sur cet ordinateur : il sera téléchargé à la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>No program on this computer opens this file.</source>
        <translation>Aucun programme de cet ordinateur n’ouvre ce fichier.</translation>
    </message>
    <message>
        <source>“{name}” is not a photo or a video.</source>
        <translation>« {name} » n’est ni une photo ni une vidéo.</translation>
    </message>
    <message>
        <source>“{name}” is not a photo.</source>
        <translation>« {name} » n’est pas une photo.</translation>
    </message>
    <message>
        <source>“{name}” cannot be read.</source>
        <translation>« {name} » ne peut pas être lu.</translation>
    </message>
    <message>
        <source>“{name}” is too big (at most {size}).</source>
        <translation>« {name} » est trop volumineux ({size} au maximum).</translation>
    </message>
    <message>
        <source>Photos and videos ({patterns})</source>
        <translation>Photos et vidéos ({patterns})</translation>
    </message>
    <message>
        <source>Photos ({patterns})</source>
        <translation>Photos ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Add photos or videos</source>
        <translation>Ajouter des photos ou des vidéos</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Ajouter des photos</translation>
    </message>
    <message>
        <source>Remove the photo</source>
        <translation>Retirer la photo</translation>
    </message>
    <message>
        <source>Remove “{name}”?</source>
        <translation>Retirer « {name} » ?</translation>
    </message>
    <message>
        <source>Not on this computer yet</source>
        <translation>Pas encore sur cet ordinateur</translation>
    </message>
    <message>
        <source>Add photo/video…</source>
        <translation>Ajouter une photo/vidéo…</translation>
    </message>
    <message>
        <source>Add photo…</source>
        <translation>Ajouter une photo…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>No photo yet.</source>
        <translation>Aucune photo pour l’instant.</translation>
    </message>
</context>
<context>
    <name>ReportTexts</name>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Page {page} sur {pages}</translation>
    </message>
    <message>
        <source>No. {number}</source>
        <translation>N° {number}</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Date :</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>Signature :</translation>
    </message>
    <message>
        <source>Image not available</source>
        <translation>Image indisponible</translation>
    </message>
</context>
<context>
    <name>ScanInput</name>
    <message>
        <source>Scan a barcode or type a code, then Enter</source>
        <translation>Scannez un code-barres ou tapez un code, puis Entrée</translation>
    </message>
</context>
<context>
    <name>TimeChart</name>
    <message>
        <source>No data to show.</source>
        <translation>Aucune donnée à afficher.</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>device {device}</source>
        <translation>poste {device}</translation>
    </message>
    <message>
        <source>{field}: {value}</source>
        <translation>{field} : {value}</translation>
    </message>
    <message>
        <source>{field}: {old} → {new}</source>
        <translation>{field} : {old} → {new}</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Recorded on this computer without the server: not synchronised yet.</source>
        <translation>Enregistré sur cet ordinateur sans le serveur : pas encore synchronisé.</translation>
    </message>
    <message>
        <source>Recorded by the server.</source>
        <translation>Enregistré par le serveur.</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>Rien d’enregistré pour l’instant.</translation>
    </message>
</context>
</TS>
