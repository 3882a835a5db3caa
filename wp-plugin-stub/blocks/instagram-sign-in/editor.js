/**
 * The "Instagram sign-in" block in the editor: the server renders it
 * (ServerSideRender), so the preview is what visitors get. Plain script, no
 * build step: it uses the wp.* globals its asset file lists.
 */
( function ( wp ) {
	var el = wp.element.createElement;
	var __ = wp.i18n.__;
	var blockEditor = wp.blockEditor;
	var components = wp.components;

	wp.blocks.registerBlockType( 'ig-login-relay/sign-in', {
		edit: function ( props ) {
			return el(
				'div',
				blockEditor.useBlockProps(),
				el(
					blockEditor.InspectorControls,
					null,
					el(
						components.PanelBody,
						{ title: __( 'Button', 'ig-login-relay' ) },
						el( components.TextControl, {
							label: __( 'Label', 'ig-login-relay' ),
							help: __( 'Leave empty for “Continue with Instagram”.', 'ig-login-relay' ),
							value: props.attributes.label,
							onChange: function ( label ) {
								props.setAttributes( { label: label } );
							},
						} )
					)
				),
				el( wp.serverSideRender, {
					block: 'ig-login-relay/sign-in',
					attributes: props.attributes,
				} )
			);
		},
		save: function () {
			return null;
		},
	} );
} )( window.wp );
